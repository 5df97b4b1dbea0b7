#pragma once
// Making text from YouTube or the model safe to place in Markdown, YAML, file names and links.
// Nothing that arrives as data may become structure: a title cannot open a heading, end a table
// cell, start an HTML tag, close the front matter or turn into a link.
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace ytm::render {

using ytm::utf8_prefix_length;
using ytm::valid_utf8;

// One line of inline Markdown: line breaks become spaces, and characters Markdown, GitHub or
// Obsidian would read as markup are escaped (\ ` * _ # | [ ] $, and < > & as entities): a title
// with *stars* or snake_case reads as written, never in italics.
std::string inline_text(std::string_view text);

// The same for a table cell (identical today: '|' is always escaped and cells are one line).
std::string cell_text(std::string_view text);

// A block of paragraphs: each line escaped as inline text, plus anything at a line start that
// would open a block (# > - + * = ~ 1. 1) and indentation that would start a code block).
// Runs of blank lines become one blank line, so paragraphs survive.
std::string block_text(std::string_view text);

// block_text inside a blockquote: every line starts with "> ".
std::string quoted_block(std::string_view text);

// Text for XML and HTML content and attribute values: & < > " ' as entities, and the characters
// XML 1.0 forbids (control characters but tab and line breaks, U+FFFE, U+FFFF) left out.
std::string xml_text(std::string_view text);

// "[[name]]": an Obsidian link to the note of that name, without the characters a note name or a
// link cannot hold (the same rules as a file name component); the plain escaped name when nothing is left.
std::string wikilink(std::string_view name);

// A YAML double-quoted scalar that yaml-cpp and Obsidian read back as the same string.
std::string yaml_string(std::string_view text);

// Percent-encodes a relative path for a Markdown link target, keeping '/' between components.
std::string url_encode_path(std::string_view path);

// Replaces every {key} in a template; other text is copied as is.
std::string fill(std::string_view templ, std::initializer_list<std::pair<std::string_view, std::string>> values);

}  // namespace ytm::render
