#include "render/labels.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "pipeline/measure.hpp"

namespace ytm::render {
namespace {

Labels chinese() {
  Labels l;
  l.language = "zh-CN";
  l.video_info = "📹 视频信息";
  l.channel = "频道";
  l.published = "发布日期";
  l.duration = "时长";
  l.link = "原始链接";
  l.tldr = "TL;DR";
  l.chapters = "📑 章节导航表";
  l.col_time = "时间戳";
  l.col_chapter = "章节标题";
  l.col_summary = "一句话概括";
  l.arguments = "📊 核心论点";
  l.content = "核心内容";
  l.concepts = "关键概念";
  l.meaning = "实际意义";
  l.companies = "🏢 提及的公司/产品";
  l.col_company = "公司名";
  l.col_context = "讨论语境";
  l.col_importance = "重要性";
  l.not_in_transcript = "† 字幕中未出现这个名称，可能是听写或模型的错误，请核实。";
  l.quotes = "💬 经典金句";
  l.people = "👤 主要人物";
  l.identity = "身份";
  l.background = "背景";
  l.views = "核心观点";
  l.video_type = "📺 视频类型判断";
  l.translation = "📝 完整翻译";
  l.generated = "生成时间";
  l.model = "模型";
  l.checks = "核查";
  l.usage = "用量";
  l.made_by = "由 ytmonitor 生成";
  l.checks_line = "金句保留 {kept} 条、删除 {dropped} 条；章节修正 {chapters} 处；存疑名称 {names} 个";
  l.usage_line = "输入 {in} tokens，输出 {out} tokens，{calls} 次调用，约 ${cost}";
  l.batch_line = "（标价 ${list}；其中 {batched} 次调用以批处理半价完成）";
  l.not_translated = "⚠️ 未翻译：{why}，以下为原文字幕";
  l.refused = "模型拒绝翻译这一段";
  l.incomplete = "模型多次遗漏这一段";
  l.cut_off = "模型的回答在这里被截断";
  l.wrong_language = "模型多次把这一段留在原文的语言";
  l.untranslated = "未翻译";
  l.untranslated_line = "{passages} 段保留原文（共 {time}）";
  l.cleaned = "清理";
  l.passes = {
      {"thought blocks", "思考过程 {count} 段（模型作答前的推理，已删除）"},
      {"repeated paragraphs", "重复段落 {count} 段（模型写了两遍，保留一遍）"},
      {"looping sentences", "循环句子 {count} 句（模型反复写同一句，保留一句）"},
      {"translator's notes", "译者的注释 {count} 条（模型加的括注，视频中没有说，已删除）"},
      {"list items", "列表项 {count} 条（模型排成列表的句子，已还原为段落）"},
      {"table rows", "表格行 {count} 行（模型排成表格的段落，已还原为段落）"},
      {"pseudo-headings", "自拟标题 {count} 个（模型加的加粗小标题，已删除）"},
      {"outros", "结束语 {count} 句（视频中没有的致谢和求关注的话，已删除）"},
      {"chunk-relative stamps", "相对时间戳 {count} 个（按分段而非视频起点计时，已校正）"},
      {"approximate stamps", "近似时间戳 {count} 个（取整到分钟等，已对齐到字幕行）"},
      {"empty paragraphs", "空段落 {count} 个（只有时间没有文字，已删除）"},
      {"cut last paragraph", "截断的段落 {count} 个（回答在句中被截断，已重新请求）"},
      {"paragraphs at one time", "同一时间的段落 {count} 个（已合并）"},
      {"lead-ins and headings", "开场白和标题 {count} 行（模型在译文前后加的话，已删除）"},
      {"generic speaker labels", "泛称的说话人标签 {count} 处（如“Speaker 1”，不指任何人，改用字幕中的说话人）"},
      {"names unified", "统一写法的名字 {count} 处（同一名字在各部分写法不同，按首次出现的写法统一）"},
      {"invented speaker names", "无据的说话人名字 {count} 个（字幕、标题、简介和主持人名单中都没有，改用中性标签）"},
  };
  l.index_title = "📚 视频索引";
  l.sponsor_skipped = "⏭️ {time} 是赞助片段（{category}），未翻译、未纳入摘要（SponsorBlock）";
  l.sponsor_marked = "📢 赞助片段（{category}）：{time}（SponsorBlock）";
  l.sponsorblock = "SponsorBlock";
  l.sponsor_skipped_line = "跳过 {segments} 个片段，少发送约 {tokens} 个字幕 tokens";
  l.sponsor_marked_line = "标出 {segments} 个片段";
  l.sponsor_none_line = "没有标记的片段";
  l.sponsor_unavailable_line = "无法查询（{why}），赞助片段（如有）照常翻译";
  l.sponsor_credit = "片段数据来自 [SponsorBlock](https://sponsor.ajay.app)，CC BY-NC-SA 4.0";
  l.host = "主持人";
  l.guest = "嘉宾 {n}";
  l.speakers = "说话人";
  l.speaker_sources = {{"captions", "字幕标注"},         {"transcript", "字幕中提到"}, {"title", "标题中提到"},
                       {"description", "简介中提到"},    {"host", "本频道主持人"},     {"unnamed", "未具名"}};
  l.digest_daily = "📰 每日摘要 {period}";
  l.digest_weekly = "📰 每周摘要 {period}";
  l.digest_count = "{channels} 个频道的 {documents} 篇新文档。";
  l.digests = "📰 摘要";
  l.spoken_language = "语言";
  l.base_view = "视频";
  l.colon = "：";
  l.separator = "、";
  return l;
}

Labels english() {
  Labels l;
  l.language = "en";
  l.video_info = "📹 Video info";
  l.channel = "Channel";
  l.published = "Published";
  l.duration = "Duration";
  l.link = "Link";
  l.tldr = "TL;DR";
  l.chapters = "📑 Chapters";
  l.col_time = "Time";
  l.col_chapter = "Chapter";
  l.col_summary = "In one line";
  l.arguments = "📊 Key arguments";
  l.content = "Core idea";
  l.concepts = "Key concepts";
  l.meaning = "Why it matters";
  l.companies = "🏢 Companies and products";
  l.col_company = "Name";
  l.col_context = "Context";
  l.col_importance = "Importance";
  l.not_in_transcript = "† This name does not appear in the transcript; it may be a mishearing or a model error.";
  l.quotes = "💬 Quotes";
  l.people = "👤 People";
  l.identity = "Role";
  l.background = "Background";
  l.views = "Views";
  l.video_type = "📺 Video type";
  l.translation = "📝 Full translation";
  l.not_translated = "⚠️ not translated: {why}; the original transcript follows";
  l.refused = "the model declined this passage";
  l.incomplete = "the model left this passage out, also when asked for it alone";
  l.cut_off = "the model's answer stopped here";
  l.wrong_language = "the model left this passage in its original language, also when asked again";
  l.untranslated = "Not translated";
  l.untranslated_line = "{passages} passages kept as the original transcript ({time})";
  l.cleaned = "Cleaned from the model's answers";
  l.generated = "Generated";
  l.model = "Model";
  l.checks = "Checks";
  l.usage = "Usage";
  l.made_by = "Made by ytmonitor";
  l.checks_line = "quotes kept {kept}, dropped {dropped}; chapters fixed {chapters}; names flagged {names}";
  l.usage_line = "{in} input tokens, {out} output tokens, {calls} calls, about ${cost}";
  l.batch_line = " (list price ${list}; {batched} calls in batches at half price)";
  l.index_title = "📚 Video index";
  l.sponsor_skipped =
      "⏭️ {time} is a sponsor segment ({category}): left out of the translation and the summary (SponsorBlock)";
  l.sponsor_marked = "📢 Sponsor segment ({category}): {time} (SponsorBlock)";
  l.sponsorblock = "SponsorBlock";
  l.sponsor_skipped_line = "segments skipped: {segments}, about {tokens} transcript tokens not sent";
  l.sponsor_marked_line = "segments marked: {segments}";
  l.sponsor_none_line = "no segments submitted";
  l.sponsor_unavailable_line = "unavailable ({why}); sponsor reads, if any, were translated like the rest";
  l.sponsor_credit = "Segment data from [SponsorBlock](https://sponsor.ajay.app), CC BY-NC-SA 4.0";
  l.host = "Host";
  l.guest = "Guest {n}";
  l.speakers = "Speakers";
  l.speaker_sources = {{"captions", "as the captions label them"},
                       {"transcript", "named in the captions"},
                       {"title", "named in the title"},
                       {"description", "named in the description"},
                       {"host", "a host of this channel"},
                       {"unnamed", "not named"}};
  l.digest_daily = "📰 Daily digest {period}";
  l.digest_weekly = "📰 Weekly digest {period}";
  l.digest_count = "{documents} new documents from {channels} channels.";
  l.digests = "📰 Digests";
  l.spoken_language = "Language";
  l.base_view = "Videos";
  l.colon = ": ";
  l.separator = ", ";
  return l;
}

const std::array<Labels, 2>& all_labels() {
  static const std::array<Labels, 2> table{chinese(), english()};
  return table;
}

}  // namespace

const Labels& labels_for(std::string_view language) {
  const auto& table = all_labels();
  for (const auto& l : table) {
    if (pipeline::normal_tag(l.language) == pipeline::normal_tag(language)) return l;
  }
  for (const auto& l : table) {
    if (pipeline::primary_language(l.language) == pipeline::primary_language(language)) return l;
  }
  for (const auto& l : table) {
    if (l.language == "en") return l;
  }
  return table.front();
}

}  // namespace ytm::render
