"""Answer styles of tests/fakes/fake_model: the habits real models have (see /work/shared/notes/models.md,
"How real models answer"), applied to a clean answer. Each style is a fault setting: a count of answers
to touch (`--preamble 3`), or all of them mixed at random (`--mix_rate 50 --mix_seed 1`: each answer is
touched with that percent chance, by one style that applies to it, decided from the seed and the prompt).

Translation styles: preamble, postscript, stamp_variants, speaker_variants, merged_paragraphs, dropped_tail,
summarised_passage, refusal, repeated_paragraph, looping_sentence, relative_stamps (every answer numbered from
0:00, as a model that numbers the text it was given does). JSON styles: preamble and postscript (a
sentence around a ```json fence), trailing_commas, string_times, ms_times, extra_keys, missing_lists,
fullwidth_punctuation. Both: the thought blocks of reasoning models served without a reasoning parser,
think, thinking, reasoning (quoting a stamp and a JSON object) and empty_think (Qwen3 with thinking off).
Language styles: traditional (a translation in Traditional Chinese when zh-CN was asked), source_language
(15-35 % of its paragraphs left in the source language), bilingual (every paragraph written twice, the
original then the translation) and, for summaries only, english_summary (the fields a reader reads left in
English).
stubborn true: a repair answer keeps the style the answer it repairs had.
Content habits of long translation work: rounded_stamps (every stamp rounded to the minute), list (paragraphs
as bullet or numbered items), table (a passage as a Markdown table), pseudo_heading (`**第 1 部分**` lines),
outro (an unstamped "感谢收看！请点赞、订阅…" at the end), translator_note ("（译注：…）" and "(Translator's
note: …)" inside paragraphs), cut_end_turn and cut_no_stop (the translation cut mid-sentence, its notes block
lost, stop reason end_turn or none at all; cut_words N cuts the last N words instead of half).
"""
import hashlib
import json
import random
import re

import fake_model_answers as answers

THOUGHT_STYLES = ["think", "thinking", "reasoning", "empty_think"]
# Cut like an output limit that says so by no stop reason, or by end_turn (None: no stop reason sent).
CUT_STOPS = {"cut_end_turn": "end_turn", "cut_no_stop": None}
ALIGN_STYLES = ["rounded_stamps", "list", "table", "pseudo_heading", "outro", "translator_note"] + list(CUT_STOPS)
TEXT_STYLES = ["preamble", "postscript", "stamp_variants", "speaker_variants", "merged_paragraphs", "dropped_tail",
               "summarised_passage", "refusal", "repeated_paragraph", "looping_sentence", "relative_stamps"] + THOUGHT_STYLES
TEXT_STYLES += ALIGN_STYLES
JSON_STYLES = ["preamble", "postscript", "trailing_commas", "string_times", "ms_times", "extra_keys", "missing_lists",
               "fullwidth_punctuation"] + THOUGHT_STYLES
# Styles a structured (tool) answer can have: its value is JSON already.
VALUE_STYLES = ["string_times", "ms_times", "extra_keys", "missing_lists"]
LANGUAGE_STYLES = ["traditional", "source_language", "bilingual"]
TEXT_STYLES += LANGUAGE_STYLES
JSON_STYLES += ["english_summary"]
VALUE_STYLES += ["english_summary"]
# Styles only a summary answer takes.
SUMMARY_STYLES = ["english_summary"]
STYLES = sorted(set(TEXT_STYLES + JSON_STYLES))

# JSON dressed up (issue 21): the object inside a one-key wrapper; the keys in Chinese; chapter times
# in milliseconds while the quotes' are seconds. Value habits, so a tool call's input has them too.
# schema_give_up: the claude CLI's model never calls StructuredOutput (answers "Done.", to the CLI's
# reminder too), so the CLI ends "success" without structured output; structured CLI calls only.
DRESSED_STYLES = ["wrapped_json", "translated_keys", "ms_chapter_times"]
GIVE_UP_STYLES = ["schema_give_up"]
JSON_STYLES += DRESSED_STYLES
VALUE_STYLES += DRESSED_STYLES + GIVE_UP_STYLES  # offered only where the CLI's tool is (fake_model styled())
STYLES = sorted(set(TEXT_STYLES + JSON_STYLES + GIVE_UP_STYLES))

# What the styles write, so tests can check none of it reaches a document.
PREAMBLES = ["Sure! Here's the full translation:", "好的，以下是翻译："]
JSON_PREAMBLE = "Here is the JSON you asked for:"
POSTSCRIPTS = ["希望这份翻译对您有帮助！", "Let me know if you would like any changes."]
INVENTED_LABELS = ["**演讲者：**", "**Speaker:**"]
SUMMARY_MARK = "In this passage the speakers discuss several topics."
REFUSALS = ["I'm sorry, but I can't help with translating this content.",
            "Please provide the transcript you would like me to translate."]
EXTRA_KEY = "confidence_note"
THOUGHT = "Let me work out how this part should read before I answer."
THOUGHT_STAMP = "is where this part begins, so I number from there."
THOUGHT_TAGS = {"think": "think", "thinking": "thinking", "reasoning": "reasoning", "empty_think": "think"}
OUTRO = "感谢收看！请点赞、订阅，我们下期再见。"
NOTES_OF_TRANSLATOR = ["（译注：这里的“算力”指计算能力。）", "(Translator's note: the speaker means data centres.)"]
PSEUDO_HEADING = "**第 %d 部分**"
TABLE_HEAD = "| 时刻 | 译文内容 |"
INJECTED = (PREAMBLES + [JSON_PREAMBLE] + POSTSCRIPTS + ["演讲者", "Speaker:", SUMMARY_MARK, EXTRA_KEY] + REFUSALS
            + [THOUGHT, THOUGHT_STAMP, "<think>", "</think>", "<thinking>", "<reasoning>"])
INJECTED += ["感谢收看", "请点赞", "译注", "Translator's note", "部分**", "译文内容"]

PARAGRAPH = re.compile(r"^\[(\d+(?::\d{1,2}){1,2})\] ", re.M)
TIME_KEYS = ("t", "start", "end", "timestamp")


def rng_for(seed, prompt, nth):
    digest = hashlib.sha256(("%s\0%s\0%d" % (seed, prompt, nth)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# --- translations -------------------------------------------------------------------------------

def paragraphs(text):
    return text.split("\n\n")


def stamp_variant(k, stamp):
    forms = ["(%s)", "%s", "【%s】", "[%s.5]", "**[%s]**"]
    return forms[k % len(forms)] % stamp


def restamp(text):
    out = []
    for k, p in enumerate(paragraphs(text)):
        m = PARAGRAPH.match(p)
        out.append(stamp_variant(k, m.group(1)) + " " + p[m.end():] if m else p)
    return "\n\n".join(out)


def relabel(text):
    out = []
    for k, p in enumerate(paragraphs(text)):
        m = PARAGRAPH.match(p)
        if not m:
            out.append(p)
            continue
        who = re.search(r"〕 ([A-Z][a-z]+): ", p)
        if who and k % 4 != 3:
            label = ["**%s**:", "**%s：**", "%s:"][k % 4] % who.group(1)
        else:
            label = INVENTED_LABELS[k // 4 % 2]
        out.append(p[:m.end()] + label + " " + p[m.end():])
    return "\n\n".join(out)


def merge(text):
    parts, out = paragraphs(text), []
    for k in range(0, len(parts), 2):
        pair = parts[k:k + 2]
        if len(pair) == 2 and PARAGRAPH.match(pair[1]):
            pair[1] = PARAGRAPH.sub("", pair[1], count=1)
        out.append("\n".join(pair))
    return "\n\n".join(out)


def drop_tail(text, rng):
    parts = paragraphs(text)
    drop = max(1, round(len(parts) * rng.uniform(0.05, 0.15)))
    return "\n\n".join(parts[:max(1, len(parts) - drop)])


def summarise_passage(text, rng, language):
    parts = paragraphs(text)
    if len(parts) < 6:
        return text
    size = max(3, len(parts) // 8)
    start = rng.randrange(1, len(parts) - size)
    m = PARAGRAPH.match(parts[start])
    short = "[%s] 〔%s〕 %s" % (m.group(1) if m else "0:00", language or "xx", SUMMARY_MARK)
    return "\n\n".join(parts[:start] + [short] + parts[start + size:])


def thoughts(style, first_stamp="0:00"):
    """The thought block a reasoning model writes before its answer, quoting a stamp and a JSON object."""
    tag = THOUGHT_TAGS[style]
    if style == "empty_think":
        return "<%s>\n\n</%s>\n\n" % (tag, tag)
    return ("<%s>\n%s\n\n[%s] %s\nNotes would look like {\"points\": [\"%s\"]}.\n</%s>\n\n"
            % (tag, THOUGHT, first_stamp, THOUGHT_STAMP, THOUGHT, tag))


def repeat_paragraph(text, rng):
    parts = paragraphs(text)
    k = rng.randrange(len(parts))
    return "\n\n".join(parts[:k + 1] + [parts[k]] + parts[k + 1:])


def loop_sentence(text, rng):
    """A sentence of one paragraph said five times over, as a small model at temperature 0 does."""
    parts = paragraphs(text)
    k = rng.randrange(len(parts))
    m = re.search(r"(?<=[.!?。] )[^.!?。]{12,}?[.!?。] ", parts[k])
    if not m:
        return text
    parts[k] = parts[k][:m.start()] + m.group(0) * 5 + parts[k][m.end():]
    return "\n\n".join(parts)


def clock_seconds(stamp):
    seconds = 0
    for part in stamp.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def relative_stamps(text):
    """Every stamp counted from the answer's first one: chunk 2 starts at 0:00 again."""
    out, first = [], None
    for p in paragraphs(text):
        m = PARAGRAPH.match(p)
        if not m:
            out.append(p)
            continue
        at = clock_seconds(m.group(1))
        first = at if first is None else first
        out.append("[%s] " % as_clock(at - first) + p[m.end():])
    return "\n\n".join(out)


TAGGED = re.compile(r"〔[^〕]*〕 ")
GLOSS = re.compile(r" （[^）]*）$")


def untranslated(paragraph):
    """A stand-in translated paragraph as its source said it: without the tag and the gloss."""
    return GLOSS.sub("", TAGGED.sub("", paragraph))


def traditional(text, language):
    """The answer in Traditional Chinese: what a model trained mostly on Taiwan's text writes at times."""
    if not (language or "").lower().startswith("zh"):
        return text
    return answers.opencc(text, "s2t.json")


def source_language(text, rng):
    """15-35 % of the paragraphs (at least one) left in the language they were said in."""
    parts = paragraphs(text)
    stamped = [k for k, p in enumerate(parts) if PARAGRAPH.match(p)]
    if not stamped:
        return text
    count = max(1, round(len(stamped) * rng.uniform(0.15, 0.35)))
    for k in rng.sample(stamped, min(count, len(stamped))):
        parts[k] = untranslated(parts[k])
    return "\n\n".join(parts)


def bilingual(text):
    """Every paragraph twice: the original with its stamp, then the translation with the same stamp."""
    out = []
    for p in paragraphs(text):
        out += [untranslated(p), p] if PARAGRAPH.match(p) else [p]
    return "\n\n".join(out)


def rounded_stamps(text):
    """Every stamp rounded to the nearest minute, as small models write them."""
    def rounded(m):
        return "[%s] " % as_clock(int(clock_seconds(m.group(1)) / 60 + 0.5) * 60)
    return PARAGRAPH.sub(rounded, text)


def sentences_of(body):
    return re.findall(r"[^.!?。]+[.!?。]+(?: |$)|[^.!?。]+$", body)


def as_list(text):
    """Paragraphs as list items, one sentence an item: the stamp in the first item (bullets, numbers), or on
    a line of its own above bullets."""
    out = []
    for k, p in enumerate(paragraphs(text)):
        m = PARAGRAPH.match(p)
        items = [x.strip() for x in sentences_of(p[m.end():] if m else p) if x.strip()]
        if not m or len(items) < 2:
            out.append(p)
            continue
        form = k % 3
        if form == 0:
            out.append("\n".join(("- [%s] " % m.group(1) if i == 0 else "- ") + x for i, x in enumerate(items)))
        elif form == 1:
            out.append("\n".join(("%d. " % (i + 1)) + ("[%s] " % m.group(1) if i == 0 else "") + x
                                 for i, x in enumerate(items)))
        else:
            out.append("[%s]\n" % m.group(1) + "\n".join("* " + x for x in items))
    return "\n\n".join(out)


def as_table(text, rng):
    """A passage of up to four paragraphs as a Markdown table of time and text."""
    parts = paragraphs(text)
    start = rng.randrange(len(parts))
    rows = [TABLE_HEAD, "|---|---|"]
    for p in parts[start:start + 4]:
        m = PARAGRAPH.match(p)
        rows.append("| %s | %s |" % ("[%s]" % m.group(1) if m else "", p[m.end():] if m else p))
    return "\n\n".join(parts[:start] + ["\n".join(rows)] + parts[start + 4:])


def with_headings(text):
    out = []
    for k, p in enumerate(paragraphs(text)):
        if k % 3 == 0:
            out.append(PSEUDO_HEADING % (k // 3 + 1))
        out.append(p)
    return "\n\n".join(out)


def with_translator_notes(text):
    """A translator's note after the first sentence of every third paragraph, the two forms in turn."""
    out = []
    for k, p in enumerate(paragraphs(text)):
        m = re.search(r"[.!?。] ", p)
        if k % 3 == 0 and m:
            p = p[:m.end()] + NOTES_OF_TRANSLATOR[k // 3 % 2] + " " + p[m.end():]
        out.append(p)
    return "\n\n".join(out)


def cut_mid_sentence(text, words):
    """The text cut inside a sentence: at half, or before its last `words` words."""
    spaces = [m.start() for m in re.finditer(" ", text)]
    if not spaces:
        return text[: len(text) // 2]
    k = max(0, len(spaces) - words) if words else len(spaces) // 2
    while k > 0 and text[spaces[k] - 1] in ".!?。]":
        k -= 1
    return text[: spaces[k]]


def style_translation(style, text, rng, language, cut_words=0):
    if style == "preamble":
        return PREAMBLES[rng.randrange(2)] + "\n\n" + text
    if style == "postscript":
        return text + "\n\n" + POSTSCRIPTS[rng.randrange(2)]
    if style == "stamp_variants":
        return restamp(text)
    if style == "speaker_variants":
        return relabel(text)
    if style == "merged_paragraphs":
        return merge(text)
    if style == "dropped_tail":
        return drop_tail(text, rng)
    if style == "summarised_passage":
        return summarise_passage(text, rng, language)
    if style == "refusal":
        return REFUSALS[rng.randrange(2)]
    if style == "repeated_paragraph":
        return repeat_paragraph(text, rng)
    if style == "looping_sentence":
        return loop_sentence(text, rng)
    if style == "relative_stamps":
        return relative_stamps(text)
    if style in THOUGHT_STYLES:
        m = PARAGRAPH.match(text)
        return thoughts(style, m.group(1) if m else "0:00") + text
    if style == "traditional":
        return traditional(text, language)
    if style == "source_language":
        return source_language(text, rng)
    if style == "bilingual":
        return bilingual(text)
    if style == "rounded_stamps":
        return rounded_stamps(text)
    if style == "list":
        return as_list(text)
    if style == "table":
        return as_table(text, rng)
    if style == "pseudo_heading":
        return with_headings(text)
    if style == "outro":
        return text + "\n\n" + OUTRO
    if style == "translator_note":
        return with_translator_notes(text)
    if style in CUT_STOPS:
        return cut_mid_sentence(text, cut_words)
    return text


# --- JSON ---------------------------------------------------------------------------------------

def walk(value, fn, key=None):
    if isinstance(value, dict):
        return {k: walk(v, fn, k) for k, v in value.items()}
    if isinstance(value, list):
        return [walk(v, fn, key) for v in value]
    return fn(key, value)


def as_clock(seconds):
    s = int(seconds)
    return "%d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) if s >= 3600 else "%d:%02d" % (s // 60, s % 60)


def in_english(value):
    """A summary's reader fields as their English was before the stand-in translated them."""
    if isinstance(value, list):
        return [in_english(v) for v in value]
    if isinstance(value, dict):
        return {k: (untranslated(v) if k in answers.READER_KEYS and isinstance(v, str) else in_english(v))
                for k, v in value.items()}
    return value


def style_value(style, value):
    if style == "string_times":
        flip = [0]

        def clock(key, v):
            if key in TIME_KEYS and isinstance(v, (int, float)) and not isinstance(v, bool):
                flip[0] += 1
                return as_clock(v) if flip[0] % 2 else str(int(v))
            return v
        return walk(value, clock)
    if style == "ms_times":
        return walk(value, lambda k, v: int(v * 1000) if k in TIME_KEYS and isinstance(v, (int, float)) else v)
    if style == "extra_keys":
        def extra(v):
            if isinstance(v, dict):
                out = {k: extra(x) for k, x in v.items()}
                out[EXTRA_KEY] = "high"
                return out
            if isinstance(v, list):
                return [extra(x) for x in v]
            return v
        return extra(value)
    if style == "english_summary":
        return in_english(value) if isinstance(value, dict) and "tldr" in value else value
    if style == "missing_lists":
        out = dict(value)
        for key in ("companies", "people", "quotes", "names"):
            out.pop(key, None)
        return out
    return value


def outside_strings(text, fn):
    """text with fn applied to each run of characters outside JSON strings."""
    out, run, in_string, escaped = [], [], False, False
    for ch in text:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            out.append(fn("".join(run)))
            run = []
            out.append(ch)
            in_string = True
        else:
            run.append(ch)
    out.append(fn("".join(run)))
    return "".join(out)


def style_json_text(style, text):
    if style in THOUGHT_STYLES:
        return thoughts(style) + text
    if style == "preamble":
        return JSON_PREAMBLE + "\n```json\n" + text + "\n```"
    if style == "postscript":
        return text + "\n\n" + POSTSCRIPTS[1]
    if style == "trailing_commas":
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
        except ValueError:
            pass
        return outside_strings(text, lambda run: re.sub(r"([^\s\[{,])(\s*)([}\]])", r"\1,\2\3", run))
    if style == "fullwidth_punctuation":
        return outside_strings(text, lambda run: run.replace(",", "，").replace(":", "："))
    return text


def style_json(style, text, value):
    """(text, value) of a JSON answer in the style."""
    if style in VALUE_STYLES and value is not None:
        value = style_value(style, value)
        return json.dumps(value, ensure_ascii=False), value
    return style_json_text(style, text), None


WRAPPERS = ["data", "result", "response"]
ZH_KEYS = {"points": "要点", "t": "时间", "text": "文本", "quotes": "引语", "speaker": "说话人", "names": "名称",
           "intro": "引言", "tldr": "摘要", "chapters": "章节", "start": "开始", "end": "结束", "title": "标题",
           "summary": "概要", "arguments": "论点", "content": "内容", "key_concepts": "关键概念",
           "practical_meaning": "实际意义", "companies": "公司", "name": "名字", "context": "语境",
           "importance": "重要性", "translation": "译文", "timestamp": "时间戳", "people": "人物", "identity": "身份",
           "background": "背景", "views": "观点", "video_type": "视频类型"}


def is_wrapped(value):
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in WRAPPERS


def zh_keys(value):
    if isinstance(value, dict):
        return {ZH_KEYS.get(k, k): zh_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [zh_keys(v) for v in value]
    return value


def dress_value(style, value):
    """The value in one of DRESSED_STYLES; dressing a dressed value again changes nothing (a stubborn repair)."""
    if style == "wrapped_json":
        if is_wrapped(value):
            return value
        return {WRAPPERS[len(json.dumps(value)) % len(WRAPPERS)]: value}
    if style == "translated_keys":
        return zh_keys(value)
    if style == "ms_chapter_times" and isinstance(value, dict) and isinstance(value.get("chapters"), list):
        chapters = [dict(c, **{k: int(c[k] * 1000) for k in ("start", "end") if isinstance(c.get(k), (int, float))
                               and c[k] < 100000}) for c in value["chapters"] if isinstance(c, dict)]
        return dict(value, chapters=chapters)
    return value


_undressed_style_value = style_value


def style_value(style, value):  # noqa: F811 (wraps the one above, so each style block stays apart)
    if style in DRESSED_STYLES:
        return dress_value(style, value)
    return _undressed_style_value(style, value)


def undressed(value):
    """A repair that does not keep the habit: the wrapper taken off, the keys in English again."""
    while is_wrapped(value):
        value = next(iter(value.values()))
    english = {zh: en for en, zh in ZH_KEYS.items()}

    def back(v):
        if isinstance(v, dict):
            return {english.get(k, k): back(x) for k, x in v.items()}
        if isinstance(v, list):
            return [back(x) for x in v]
        return v
    return back(value)


class Styler:
    """Decides which style an answer gets, from the fault counts or the mix settings."""

    def __init__(self, state):
        self.state = state
        self.seen = {}

    def pick(self, task, prompt, kinds, structured):
        """The style for this answer of one of `kinds` (TEXT_STYLES or JSON_STYLES), or None."""
        faults, key = self.state.faults, task + "\0" + prompt
        with self.state.lock:
            nth = self.seen[key] = self.seen.get(key, 0) + 1
        allowed = [s for s in kinds if (not structured or s in VALUE_STYLES)
                   and (s not in SUMMARY_STYLES or task == "summary")]
        for style in allowed:
            if self.state.take(style):
                return style
        rate = faults.get("mix_rate", 0)
        if rate > 0:
            rng = rng_for(faults.get("mix_seed", 0), key, nth)
            if rng.random() * 100 < rate and allowed:
                return rng.choice(allowed)
        return None
