#pragma once
// A small transcript prompt and what the stand-in answers to it, shared by the backend tests.
#include <string>

namespace ytm::test {

inline const std::string translate_prompt =
    "TASK: translate\nLANGUAGE: zh-CN\n\nTranslate part 1.\n\n<transcript>\n"
    "[0:00] Alice: Welcome to the show about storage engines.\n"
    "[0:04] Today we compare SQLite with a log-structured design.\n"
    "[0:09] Bob: Thanks, it is good to be here with you.\n"
    "[0:15] The write-ahead log is where it starts.\n"
    "</transcript>\n";

// The stand-in's translation: one paragraph per three source lines, every timestamp kept, the
// source text followed by its Chinese gloss (so that it is in the output language).
inline const std::string whole_translation =
    "[0:00] 〔zh-CN〕 Alice: Welcome to the show about storage engines. Today we compare SQLite with a log-structured "
    "design. Bob: Thanks, it is good to be here with you. "
    "（说话鸟系实展这学系有关开么实发济习我们发认关话与开认时西样书车马说环门么书话是么电实展样间门时与你们）\n\n"
    "[0:15] 〔zh-CN〕 The write-ahead log is where it starts. （这实车长经时西是经说书话经时）";

}  // namespace ytm::test
