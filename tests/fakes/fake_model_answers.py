"""Deterministic answers of tests/fakes/fake_model, following /work/model-protocol.md.

answer(prompt_text, want_json) -> Answer: the text to send, the JSON value when the task answers in
JSON, the task name and whether it was cut off. Faults that change an answer (cut_off, bad_notes, invalid_json,
invent_quote, chapters_out_of_order) arrive as a dict of booleans already decided by the server.
"""
import hashlib
import json
import math
import re
import subprocess

import fake_model_speakers as speakers_of_turns

TIMESTAMPED = re.compile(r"^\[(\d+(?::\d{1,2}){1,2})\]\s?(.*)$")
CHAPTER_MARKER = "--- chapter:"
SPEAKER = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}): (.+)$")
INVENTED_QUOTE = "We have secretly been building a time machine in the basement since 1987."


class Answer:
    def __init__(self, task, text, value=None, cut_off=False):
        self.task = task
        self.text = text
        self.value = value  # the JSON object when the answer is structured
        self.cut_off = cut_off


def seconds(stamp):
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return total


def field(text, name):
    m = re.search(r"^" + name + r":[ \t]*(\S*)[ \t]*$", text, re.M)
    return m.group(1) if m else ""


def block(text, tag):
    m = re.search(r"^<" + tag + r">\n(.*?)^</" + tag + r">", text, re.S | re.M)
    return m.group(1) if m else None


def timestamped_lines(body):
    """[(stamp, seconds, speaker, text)] for each `[m:ss] text` line."""
    lines = []
    for raw in (body or "").splitlines():
        m = TIMESTAMPED.match(raw.strip())
        if not m:
            continue
        rest = m.group(2)
        who = SPEAKER.match(rest)
        speaker, said = (who.group(1), who.group(2)) if who else ("", rest)
        lines.append((m.group(1), seconds(m.group(1)), speaker, said))
    return lines


def tag(language):
    return "〔" + (language or "xx") + "〕 "


# A stand-in translation must be in the output language (ytmonitor checks it with CLD2 and OpenCC)
# while the tests can still find every source line in the document: a Chinese output keeps the
# source text and adds its gloss in Chinese, word by word, in full-width brackets.
GLOSSARY = {
    "the": "这", "model": "模型", "compute": "计算", "energy": "能源", "factory": "工厂", "token": "词元",
    "robot": "机器人", "chip": "芯片", "cost": "成本", "year": "年份", "people": "人们", "industry": "产业",
    "research": "研究", "open": "开放", "source": "来源", "software": "软件", "data": "数据", "center": "中心",
    "problem": "问题", "future": "未来", "growth": "增长", "reasoning": "推理", "training": "训练",
    "inference": "推断", "biology": "生物学", "protein": "蛋白质", "language": "语言", "car": "汽车",
    "startup": "创业公司", "market": "市场", "policy": "政策", "country": "国家", "engineer": "工程师",
    "purpose": "目的", "task": "任务", "job": "工作", "value": "价值", "scale": "规模", "system": "系统",
    "stack": "堆栈", "layer": "层级", "application": "应用", "platform": "平台", "customer": "客户",
    "revenue": "收入", "capacity": "容量", "demand": "需求", "supply": "供应", "question": "问题",
    "answer": "回答", "really": "真的", "actually": "实际上", "important": "重要", "incredible": "难以置信",
    "different": "不同", "better": "更好", "faster": "更快", "cheaper": "更便宜", "bigger": "更大",
    "we": "我们", "they": "他们", "you": "你们", "think": "认为", "know": "知道", "build": "建造",
    "need": "需要", "want": "想要", "make": "制造", "see": "看见", "use": "使用", "learn": "学习",
    "change": "变化", "is": "是", "are": "是", "was": "曾是", "will": "将会", "can": "能够", "should": "应该",
    "because": "因为", "and": "和", "but": "但是", "so": "所以", "that": "那个", "this": "这个",
    "every": "每个", "in": "在", "of": "的", "for": "为了", "with": "与", "on": "关于", "about": "有关",
    "from": "来自", "into": "进入", "over": "超过", "more": "更多", "most": "最多", "all": "所有",
    "some": "一些", "host": "主持人", "guest": "嘉宾", "part": "部分", "said": "说", "what": "什么",
}
# Words outside the glossary: two of these, chosen by the word (many have a Traditional form).
FALLBACK = "说话时间问题发现经济环境关系电视实际发展当时认为东西这样学习开始们么还对长门车马鸟鱼书"


def word_gloss(word):
    if word.lower() in GLOSSARY:
        return GLOSSARY[word.lower()]
    digest = hashlib.sha256(word.lower().encode()).digest()
    return FALLBACK[digest[0] % len(FALLBACK)] + FALLBACK[digest[1] % len(FALLBACK)]


def opencc(text, config):
    """text converted by the opencc command line (s2t.json: Simplified to Traditional)."""
    return subprocess.run(["opencc", "-c", config], input=text, capture_output=True, text=True, check=True,
                          timeout=30).stdout


# For English output (of a Chinese video): a word for each character or word said.
ENGLISH_WORDS = ["people", "today", "new", "chip", "welcome", "back", "everyone", "we", "look", "at", "the", "future",
                 "model", "is", "very", "important", "because", "they", "make", "it", "work", "better", "and", "more"]


def english_gloss(text):
    tokens = re.findall(r"[\u3400-\u9fff]|[^\W\d_]+", text)
    return " ".join(ENGLISH_WORDS[hashlib.sha256(t.encode()).digest()[0] % len(ENGLISH_WORDS)] for t in tokens)


def in_language(text, language):
    """The stand-in translation of a text: tagged, and glossed after it in Chinese or English."""
    text = re.sub(r"^〔[^〕]*〕 ", "", text)
    if (language or "").lower().startswith("en"):
        return tag(language) + text + " (" + (english_gloss(text) or "nothing") + ")"
    if not (language or "").lower().startswith("zh"):
        return tag(language) + text
    words = re.findall(r"[A-Za-z]+", text)
    gloss = "".join(word_gloss(w) for w in words) or "空"
    if language.lower() in ("zh-tw", "zh-hk", "zh-mo") or "hant" in language.lower():
        gloss = opencc(gloss, "s2tw.json")
    return tag(language) + text + " （" + gloss + "）"


def has_chapter_marker(text):
    return any(raw.strip().startswith(CHAPTER_MARKER) for raw in (block(text, "transcript") or "").splitlines())


def paragraph_groups(body, break_at_chapters=True):
    """Up to 3 lines a paragraph, a new one at every chapter marker line; told to ignore the markers,
    a chapter's first line always joins the paragraph before it."""
    groups, current, glue = [], [], False
    for raw in (body or "").splitlines():
        if raw.strip().startswith("---") and not raw.strip().startswith(CHAPTER_MARKER):
            # Another marker line ("--- (skipping to 41:10) ---"): the text jumps, a new paragraph.
            if current:
                groups.append(current)
                current = []
            continue
        if raw.strip().startswith(CHAPTER_MARKER):
            if current and break_at_chapters:
                groups.append(current)
                current = []
            glue = not break_at_chapters
            continue
        line = timestamped_lines(raw)
        if glue and not current and groups:
            groups[-1] += line
        else:
            current += line
        glue = False
        if len(current) >= 3:
            groups.append(current)
            current = []
    return groups + ([current] if current else [])


def name_variants(name):
    """Four ways a model writes one name when nothing tells it which: each part of a talk may pick another."""
    words = name.split()
    if len(words) < 2:
        return [name.upper(), name.lower(), "「" + name + "」", name + "·"]
    return ["·".join(words), "".join(reversed(words)), words[0][0] + ". " + " ".join(words[1:]),
            "·".join(reversed(words))]


def glossary_in(text):
    """term -> rendering for every "- term → rendering" line: a channel's glossary or the video's."""
    return {m.group(1).strip(): m.group(2).strip() for m in re.finditer(r"^- (.+?) → (.+)$", text, re.M)}


def part_number(text):
    m = re.search(r"\bpart (\d+)(?:\.\d+)* of \d+", text)
    return int(m.group(1)) if m else 1


class Names:
    """vary_names: the names this answer renders by its part of the talk, unless the request's glossary
    (the channel's, in the system prompt, or the video's, after the prompt) says how."""

    def __init__(self, faults, text):
        self.names = [n.strip() for n in str(faults.get("vary_names") or "").split(",") if n.strip()]
        self.glossary = glossary_in(faults.get("system", "") + "\n" + text)
        self.part = part_number(text)

    def rendering(self, name):
        if name in self.glossary:
            return self.glossary[name]
        variants = name_variants(name)
        return variants[(self.part - 1) % len(variants)]

    def render(self, said):
        for name in self.names:
            said = said.replace(name, self.rendering(name))
        return said

    def unify(self, said):
        """Text that already carries renderings (notes): each name's variants made its glossary rendering."""
        for name in self.names:
            if name in self.glossary:
                for variant in name_variants(name) + [name]:
                    said = said.replace(variant, self.glossary[name])
        return said

    def used_in(self, body):
        return [{"term": n, "rendering": self.rendering(n)} for n in self.names if n in (body or "")]


NO_NAMES = Names({}, "")


def translation(text, language, merge_chapters=False, names=NO_NAMES, speakers=None):
    """speakers: None (turns ignored), "named" or "invented" (fake_model_speakers.py)."""
    paragraphs = []
    turns = speakers_of_turns.Namer(text, speakers == "invented") if speakers and TURNS_ASKED in text else None
    groups = paragraph_groups(block(text, "transcript"), not merge_chapters)
    for group in (split_at_turns(groups) if turns else groups):
        label = ""
        if turns and speakers_of_turns.is_turn(group[0]):
            who, said = turns.name(group[0])
            label, group = "**" + who + ":** ", [(group[0][0], group[0][1], "", said)] + group[1:]
        if turns:
            for line in group[1:] if label else group:
                turns.heard(line)
        sources = [(l[2] + ": " if l[2] else "") + l[3] for l in group]
        paragraphs.append("[" + group[0][0] + "] " + label + in_language(names.render(" ".join(sources)), language))
    return "\n\n".join(paragraphs) if paragraphs else tag(language) + "(empty transcript)"


# The translate prompts' rule for turns: where it is, a turn starts a paragraph and is labelled.
TURNS_ASKED = "starts a speaker's turn"


def split_at_turns(groups):
    """Each group cut again before every turn line after its first."""
    out = []
    for group in groups:
        current = []
        for line in group:
            if current and speakers_of_turns.is_turn(line):
                out.append(current)
                current = []
            current.append(line)
        out.append(current)
    return out


def translate(text, language, cut, merge_chapters=False, names=NO_NAMES, speakers=None):
    answer = translation(text, language, merge_chapters, names, speakers)
    if cut:
        answer = answer[: len(answer) // 2]
    return Answer("translate", answer, cut_off=cut)


def translate_notes(text, language, cut, bad_notes, merge_chapters=False, names=NO_NAMES, propose_terms=False,
                    speakers=None):
    """The translation, then the chunk's notes in a ```notes block: one answer for both. propose_terms: the
    notes say how the vary_names names were rendered."""
    notes_json = notes(text, language, names, propose_terms).text
    if bad_notes:
        notes_json = notes_json[:-1]
    answer = translation(text, language, merge_chapters, names, speakers) + "\n\n```notes\n" + notes_json + "\n```"
    if cut:
        answer = answer[: len(answer) // 2]
    return Answer("translate_notes", answer, cut_off=cut)


def pick(items, count):
    """Up to count items spread evenly over the list."""
    if len(items) <= count:
        return list(items)
    return [items[(2 * k + 1) * len(items) // (2 * count)] for k in range(count)]


def quotable(lines):
    good = [l for l in lines if len(l[3].split()) >= 6 or len(l[3]) >= 20]
    return good or lines


def speakers(lines):
    seen = []
    for l in lines:
        if l[2] and l[2] not in seen:
            seen.append(l[2])
    return seen


def notes(text, language, names=NO_NAMES, propose_terms=False):
    lines = timestamped_lines(block(text, "transcript"))
    points, minute = [], -1
    for l in lines:
        if l[1] // 60 != minute:
            minute = l[1] // 60
            points.append({"t": l[1], "text": tag(language) + names.render(l[3])})
    quotes = [{"text": l[3], "t": l[1], "speaker": l[2]} for l in pick(quotable(lines), 3)]
    value = {"points": points, "quotes": quotes, "names": speakers(lines)}
    if propose_terms:
        value["terms"] = names.used_in(block(text, "transcript"))
    return Answer("notes", json.dumps(value, ensure_ascii=False), value)


def read_notes(text):
    items = []
    for raw in (block(text, "notes") or "").splitlines():
        try:
            item = json.loads(raw)
        except ValueError:
            continue
        if isinstance(item, dict):
            items.append(item)
    return items


def chapters_for(text, duration, language):
    given = timestamped_lines(block(text, "chapters"))
    if given:
        starts = [(l[1], (l[2] + ": " if l[2] else "") + l[3]) for l in given]
    else:
        count = max(1, min(8, math.ceil(duration / 900))) if duration > 0 else 1
        starts = [(round(duration * k / count), "Part %d" % (k + 1)) for k in range(count)]
    chapters = []
    for k, (start, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else max(duration, start)
        chapters.append({"start": start, "end": end, "title": in_language(title, language),
                         "summary": in_language("what is said from %ds to %ds" % (start, end), language)})
    return chapters


def argument(t, said, language):
    words = re.findall(r"\w{5,}", said)
    concepts = list(dict.fromkeys(w.lower() for w in words))[:3] or ["topic"]
    return {"title": in_language(" ".join(said.split()[:6]), language), "content": in_language(said, language),
            "key_concepts": concepts, "practical_meaning": in_language("see %d:%02d" % (t // 60, t % 60), language)}


def summary(text, language, faults):
    lines = timestamped_lines(block(text, "transcript"))
    notes_items = read_notes(text)
    duration = float(field(text, "DURATION") or 0) or (lines[-1][1] + 30 if lines else 0)
    if notes_items:
        points = [(p.get("t", 0), p.get("text", "")) for n in notes_items for p in n.get("points", [])]
        quotes = [(q.get("text", ""), q.get("t", 0), q.get("speaker", ""))
                  for n in notes_items for q in n.get("quotes", [])][:6]
        names = list(dict.fromkeys(x for n in notes_items for x in n.get("names", [])))
        people_names = names
    else:
        points = [(l[1], l[3]) for l in lines]
        quotes = [(l[3], l[1], l[2]) for l in pick(quotable(lines), 3)]
        people_names = speakers(lines)
    quote_items = [{"text": q, "translation": in_language(q, language), "speaker": s, "timestamp": t}
                   for q, t, s in quotes]
    if faults.get("invent_quote"):
        quote_items.append({"text": INVENTED_QUOTE, "translation": in_language(INVENTED_QUOTE, language), "speaker": "",
                            "timestamp": quote_items[0]["timestamp"] if quote_items else 0})
    chapters = chapters_for(text, duration, language)
    if faults.get("chapters_out_of_order"):
        chapters = [dict(c, end=c["end"] + 45) for c in reversed(chapters)]
    value = {
        "intro": in_language("a stand-in summary of a video of %d seconds" % duration, language),
        "tldr": in_language(points[0][1] if points else "nothing was said", language),
        "chapters": chapters,
        "arguments": [argument(t, said, language) for t, said in pick(points, 5) if said],
        "companies": [],
        "quotes": quote_items,
        "people": [{"name": n, "identity": in_language("speaker", language), "background": "",
                    "views": in_language("as said in the video", language)} for n in people_names],
        "video_type": "interview" if len(people_names) >= 2 else "talk",
    }
    names = Names(faults, text)
    if names.names:
        value = unified(value, names)
    if faults.get("invalid_json"):
        return Answer("summary", "Here is the summary you asked for:\n" + json.dumps(value, ensure_ascii=False)[:-1])
    return Answer("summary", json.dumps(value, ensure_ascii=False), value)


def unified(value, names):
    """The summary's reader fields with each name written as the request's glossary says, else as the notes had it
    (from the transcript: as part 1 renders it)."""
    if isinstance(value, list):
        return [unified(v, names) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: (names.render(names.unify(v)) if k in READER_KEYS and isinstance(v, str) else unified(v, names))
            for k, v in value.items()}


def minimal_for(schema_text, text, language):
    if '"chapters"' in schema_text:
        duration = float(field(text, "DURATION") or 0)
        return {"intro": "", "tldr": in_language("repaired", language), "chapters": chapters_for("", duration, language),
                "arguments": [], "companies": [], "quotes": [], "people": [], "video_type": "talk"}
    return {"points": [], "quotes": [], "names": []}


# The summary's fields a reader reads: what a request to write them in the output language rewrites.
READER_KEYS = ("intro", "tldr", "title", "summary", "content", "practical_meaning", "identity", "background",
               "views", "context", "translation")
CJK = re.compile(r"[\u3400-\u9fff]")


def rewritten_in(value, language):
    """value with each reader field that has no Chinese in it translated, as a model asked to does."""
    if isinstance(value, list):
        return [rewritten_in(v, language) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for k, v in value.items():
        if k in READER_KEYS and isinstance(v, str) and v and not CJK.search(v):
            out[k] = in_language(v, language)
        else:
            out[k] = rewritten_in(v, language)
    return out


def repair(text, language):
    previous = block(text, "previous-answer") or ""
    start = previous.find("{")
    value = None
    for candidate in (previous[start:].strip(), previous[start:].strip() + "}") if start >= 0 else ():
        try:
            value = json.loads(candidate)
            break
        except ValueError:
            continue
    if not isinstance(value, dict):
        value = minimal_for(text, text, language)
    if "not in %s:" % language in text:
        value = rewritten_in(value, language)
    return Answer("repair", json.dumps(value, ensure_ascii=False), value)


def answer(text, faults):
    """faults: {"cut_off", "bad_notes", "merge_chapters", "invalid_json", "invent_quote", "chapters_out_of_order",
    "propose_terms", "name_speakers", "invent_speakers"} -> bool; "vary_names": comma-separated names; "system":
    the request's system prompt."""
    task = field(text, "TASK")
    language = field(text, "LANGUAGE")
    names = Names(faults, text)
    speakers = "invented" if faults.get("invent_speakers") else "named" if faults.get("name_speakers") else None
    if task == "translate":
        return translate(text, language, faults.get("cut_off", False), faults.get("merge_chapters", False), names,
                         speakers)
    if task == "translate_notes":
        return translate_notes(text, language, faults.get("cut_off", False), faults.get("bad_notes", False),
                               faults.get("merge_chapters", False), names, bool(faults.get("propose_terms")),
                               speakers)
    if task == "notes":
        return notes(text, language, names)
    if task == "summary":
        return summary(text, language, faults)
    if task == "repair":
        return repair(text, language)
    return Answer(task or "other", "〔stand-in〕 no TASK line in the prompt; nothing to do.")
