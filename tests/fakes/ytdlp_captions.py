"""The stand-in yt-dlp's caption tracks as YouTube gives them in 2026: the videos that show it,
what their caption files hold, and YouTube's answers: empty files (or dropped tracks) without a PO
token, HTTP 429 for machine translations. See the yt-dlp stand-in's docstring for the ids."""
import os
import sys
import time

TRACKS = {
    "chinese0001": {"language": "zh",
                    "subtitles": {"zh-Hans": ("Chinese (Simplified)", {"ttml": "creator_zh.ttml"})},
                    "automatic": {"zh-orig": ("Chinese (Original)", {"json3": "auto_zh.json3"}),
                                  "zh": ("Chinese", {"json3": "auto_zh.json3"}),
                                  "en": ("English", {"json3": "auto_en.json3"}),
                                  "ja": ("Japanese", {"json3": "auto_en.json3"})}},
    "chineseauto": {"language": "zh", "subtitles": {},
                    "automatic": {"zh-orig": ("Chinese (Original)", {"json3": "auto_zh.json3"}),
                                  "zh": ("Chinese", {"json3": "auto_zh.json3"}),
                                  "en": ("English", {"json3": "auto_en.json3"})}},
    "englishde01": {"language": "en",
                    "subtitles": {"de": ("German", {"vtt": "creator_en.vtt"})},
                    "automatic": {"en-orig": ("English (Original)", {"json3": "auto_en.json3"}),
                                  "en": ("English", {"json3": "auto_en.json3"}),
                                  "de": ("German", {"json3": "auto_en.json3"}),
                                  "en-de": ("English from German", {"json3": "auto_en.json3"})}},
    "potokenempt": {"language": "en", "subtitles": {},
                    "automatic": {"en-orig": ("English (Original)", {"json3": "empty"}),
                                  "en": ("English", {"json3": "empty"})}},
    "potokendrop": {"language": "en", "subtitles": {}, "automatic": {}},
    "nojson3evnt": {"language": "en", "subtitles": {},
                    "automatic": {"en-orig": ("English (Original)", {"json3": "json3-no-events"})}},
    "novttcues01": {"language": "en", "subtitles": {"en": ("English", {"vtt": "vtt-no-cues"})}, "automatic": {}},
    "youngnoauto": {"language": "en", "subtitles": {}, "automatic": {}},
}

# yt-dlp/_video.py's warnings (ytdlp-messages.md section 1), as a run prints them.
PO_TOKEN_MISSING = ("WARNING: [youtube] {id}: There are missing subtitles languages because a PO token was not "
                    "provided. Subtitles for these languages are missing: en. Automatic captions for 157 languages "
                    "are missing.")
PO_TOKEN_DISCARDED = ("WARNING: [youtube] {id}: Some web client subtitles require a PO Token which was not provided. "
                      "They will be discarded since they are not downloadable as-is. You can manually pass a "
                      "Subtitles PO Token for this client with --extractor-args \"youtube:po_token=web.subs+XXX\" . "
                      "For more information, refer to  https://github.com/yt-dlp/yt-dlp/wiki/PO-Token-Guide")


def po_token_provided():
    """YTM_FAKE_YTDLP_PO_TOKEN set: a PO-token provider plugin is installed."""
    return bool(os.environ.get("YTM_FAKE_YTDLP_PO_TOKEN"))


def listed_tracks(video_id, table):
    """The tracks a run lists (and warns about, as yt-dlp does while extracting)."""
    if video_id in ("potokenempt", "potokendrop") and po_token_provided():
        return table["autoonly001"]
    if video_id == "potokendrop":
        sys.stderr.write(PO_TOKEN_MISSING.format(id=video_id) + "\n")
    if video_id == "potokenempt":
        sys.stderr.write(PO_TOKEN_DISCARDED.format(id=video_id) + "\n")
    return table.get(video_id, {"language": "en", "subtitles": {}, "automatic": {}})


def adjust_info(video_id, info, now):
    if video_id == "youngnoauto":
        info.update(timestamp=now - 600, upload_date=time.strftime("%Y%m%d", time.gmtime(now - 600)))


def tracks_from_info(info, table):
    """--load-info-json: the tracks the file lists, with the bytes this stand-in has for them."""
    video_id = info["id"]
    known = listed_tracks(video_id, table) if video_id in table else {}
    tracks = {"language": info.get("language"), "subtitles": {}, "automatic": {}}
    for key, source in (("subtitles", "subtitles"), ("automatic_captions", "automatic")):
        for lang, formats in (info.get(key) or {}).items():
            name, files = known.get(source, {}).get(lang, (lang, {}))
            files = {f["ext"]: files.get(f["ext"], "empty") for f in formats if isinstance(f, dict) and "ext" in f}
            tracks[source][lang] = (name, files)
    return tracks


def spoken(tracks):
    if tracks.get("language"):
        return tracks["language"]
    orig = [lang for lang in tracks.get("automatic", {}) if lang.endswith("-orig")]
    return orig[0][:-5] if orig else None


def refuse_translation(tracks, lang, automatic):
    """YouTube answers a machine-translated (tlang) track with 429; without -i that ends the run."""
    if automatic and not lang.endswith("-orig") and lang != spoken(tracks):
        sys.stderr.write(f"ERROR: Unable to download video subtitles for {lang!r}: HTTP Error 429: Too Many Requests\n")
        sys.exit(1)


def track_bytes(fixtures, name):
    if name == "empty":
        return b""  # a caption URL without a PO token: HTTP 200, no body
    if name == "json3-no-events":
        return b'{"wireMagic":"pb3","pens":[{}],"wsWinStyles":[{}],"wpWinPositions":[{}]}'
    if name == "vtt-no-cues":
        return b"WEBVTT\nKind: captions\nLanguage: en\n\n"
    return (fixtures / name).read_bytes()
