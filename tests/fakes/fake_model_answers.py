"""Deterministic answers of tests/fakes/fake_model, following /work/model-protocol.md.

answer(prompt_text, want_json) -> Answer: the text to send, the JSON value when the task answers in
JSON, the task name and whether it was cut off. Faults that change an answer (cut_off, bad_notes, invalid_json,
invent_quote, chapters_out_of_order) arrive as a dict of booleans already decided by the server.
"""
import json
import math
import re

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


def translation(text, language, merge_chapters=False):
    paragraphs = []
    for group in paragraph_groups(block(text, "transcript"), not merge_chapters):
        sources = [(l[2] + ": " if l[2] else "") + l[3] for l in group]
        paragraphs.append("[" + group[0][0] + "] " + tag(language) + " ".join(sources))
    return "\n\n".join(paragraphs) if paragraphs else tag(language) + "(empty transcript)"


def translate(text, language, cut, merge_chapters=False):
    answer = translation(text, language, merge_chapters)
    if cut:
        answer = answer[: len(answer) // 2]
    return Answer("translate", answer, cut_off=cut)


def translate_notes(text, language, cut, bad_notes, merge_chapters=False):
    """The translation, then the chunk's notes in a ```notes block: one answer for both."""
    notes_json = notes(text, language).text
    if bad_notes:
        notes_json = notes_json[:-1]
    answer = translation(text, language, merge_chapters) + "\n\n```notes\n" + notes_json + "\n```"
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


def notes(text, language):
    lines = timestamped_lines(block(text, "transcript"))
    points, minute = [], -1
    for l in lines:
        if l[1] // 60 != minute:
            minute = l[1] // 60
            points.append({"t": l[1], "text": tag(language) + l[3]})
    quotes = [{"text": l[3], "t": l[1], "speaker": l[2]} for l in pick(quotable(lines), 3)]
    value = {"points": points, "quotes": quotes, "names": speakers(lines)}
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
        chapters.append({"start": start, "end": end, "title": tag(language) + title,
                         "summary": tag(language) + "what is said from %ds to %ds" % (start, end)})
    return chapters


def argument(t, said, language):
    words = re.findall(r"\w{5,}", said)
    concepts = list(dict.fromkeys(w.lower() for w in words))[:3] or ["topic"]
    return {"title": tag(language) + " ".join(said.split()[:6]), "content": tag(language) + said,
            "key_concepts": concepts, "practical_meaning": tag(language) + "see %d:%02d" % (t // 60, t % 60)}


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
    quote_items = [{"text": q, "translation": tag(language) + q, "speaker": s, "timestamp": t} for q, t, s in quotes]
    if faults.get("invent_quote"):
        quote_items.append({"text": INVENTED_QUOTE, "translation": tag(language) + INVENTED_QUOTE, "speaker": "",
                            "timestamp": quote_items[0]["timestamp"] if quote_items else 0})
    chapters = chapters_for(text, duration, language)
    if faults.get("chapters_out_of_order"):
        chapters = [dict(c, end=c["end"] + 45) for c in reversed(chapters)]
    value = {
        "intro": tag(language) + "a stand-in summary of a video of %d seconds" % duration,
        "tldr": tag(language) + (points[0][1] if points else "nothing was said"),
        "chapters": chapters,
        "arguments": [argument(t, said, language) for t, said in pick(points, 5) if said],
        "companies": [],
        "quotes": quote_items,
        "people": [{"name": n, "identity": tag(language) + "speaker", "background": "",
                    "views": tag(language) + "as said in the video"} for n in people_names],
        "video_type": "interview" if len(people_names) >= 2 else "talk",
    }
    if faults.get("invalid_json"):
        return Answer("summary", "Here is the summary you asked for:\n" + json.dumps(value, ensure_ascii=False)[:-1])
    return Answer("summary", json.dumps(value, ensure_ascii=False), value)


def minimal_for(schema_text, text, language):
    if '"chapters"' in schema_text:
        duration = float(field(text, "DURATION") or 0)
        return {"intro": "", "tldr": tag(language) + "repaired", "chapters": chapters_for("", duration, language),
                "arguments": [], "companies": [], "quotes": [], "people": [], "video_type": "talk"}
    return {"points": [], "quotes": [], "names": []}


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
    return Answer("repair", json.dumps(value, ensure_ascii=False), value)


def answer(text, faults):
    """faults: {"cut_off", "bad_notes", "merge_chapters", "invalid_json", "invent_quote", "chapters_out_of_order"}
    -> bool."""
    task = field(text, "TASK")
    language = field(text, "LANGUAGE")
    if task == "translate":
        return translate(text, language, faults.get("cut_off", False), faults.get("merge_chapters", False))
    if task == "translate_notes":
        return translate_notes(text, language, faults.get("cut_off", False), faults.get("bad_notes", False),
                               faults.get("merge_chapters", False))
    if task == "notes":
        return notes(text, language)
    if task == "summary":
        return summary(text, language, faults)
    if task == "repair":
        return repair(text, language)
    return Answer(task or "other", "〔stand-in〕 no TASK line in the prompt; nothing to do.")
