#include "config/channel_settings.hpp"

namespace ytm::config {

const std::vector<std::string_view>& section_names() {
  static const std::vector<std::string_view> names = {"intro",  "tldr",   "chapters",   "arguments",  "companies",
                                                      "quotes", "people", "video_type", "translation"};
  return names;
}

const std::vector<std::string_view>& sponsor_category_names() {
  // https://wiki.sponsor.ajay.app/w/Types: the categories whose segments can be skipped.
  static const std::vector<std::string_view> names = {"sponsor", "selfpromo", "interaction", "intro",         "outro",
                                                      "preview", "hook",      "filler",      "music_offtopic"};
  return names;
}

namespace {

template <class T>
void apply(T& target, const std::optional<T>& value) {
  if (value) target = *value;
}

ModelSettings model_for(const ModelSettings& global, const ModelOverride& o) {
  ModelSettings m = global;
  apply(m.backend, o.backend);
  apply(m.command, o.command);
  apply(m.base_url, o.base_url);
  apply(m.api_key_env, o.api_key_env);
  apply(m.name, o.name);
  apply(m.max_chunk_tokens, o.max_chunk_tokens);
  apply(m.max_output_tokens, o.max_output_tokens);
  apply(m.timeout, o.timeout);
  // Another backend brings its own default: batches for the APIs, none for the CLI.
  if (o.backend && *o.backend != global.backend) m.batch = *o.backend != ModelBackend::claude_cli;
  apply(m.batch, o.batch);
  if (m.backend == ModelBackend::claude_cli) m.batch = false;
  apply(m.batch_max_wait, o.batch_max_wait);
  return m;
}

}  // namespace

ChannelSettings resolve(const Config& config, const Channel& channel) {
  ChannelSettings s;
  s.output_language = channel.language.empty() ? config.output.language : channel.language;
  s.transcript = config.transcript;
  if (!channel.caption_languages.empty()) s.transcript.languages = channel.caption_languages;
  if (channel.whisper && !*channel.whisper) s.transcript.whisper.command.clear();
  s.model = model_for(config.model, channel.model);
  s.sponsorblock = config.sponsorblock;
  apply(s.sponsorblock.categories, channel.sponsor_categories);
  apply(s.sponsorblock.action, channel.sponsor_action);
  s.sections = channel.sections;
  s.instructions = channel.instructions;
  s.glossary = channel.glossary;
  s.hosts = channel.hosts;
  return s;
}

}  // namespace ytm::config
