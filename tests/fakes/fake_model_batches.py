"""Batch APIs of the stand-in model (imported by fake_model): Anthropic's Message Batches and OpenAI's
Batch API, as their documentation and SDKs describe them.

  POST /v1/messages/batches            {"requests": [{"custom_id", "params"}]}: custom_id must match
                                       ^[a-zA-Z0-9_-]{1,64}$ and be unique (else 400 invalid_request_error)
  GET  /v1/messages/batches            the list, newest first: limit (default 20), after_id; data, has_more,
                                       first_id, last_id
  GET  /v1/messages/batches/ID         processing_status in_progress -> ended (canceling after a cancel),
                                       request_counts, results_url once ended
  GET  /v1/messages/batches/ID/results JSONL, one line a request in no set order: result.type succeeded
                                       (message), errored (error: {"type":"error","error":{…}}), canceled, expired
  POST /v1/messages/batches/ID/cancel  canceling; ends at the next poll, unanswered requests canceled
  POST /v1/files                       multipart: purpose=batch, file=JSONL of {custom_id, method, url, body}
  POST /v1/batches                     {input_file_id, endpoint, completion_window: "24h"}: status validating
                                       -> in_progress -> finalizing -> completed (expired, cancelling -> cancelled)
  GET  /v1/batches                     the list, newest first: limit (default 20), after; data (with the
                                       metadata given at creation), has_more, first_id, last_id
  GET  /v1/batches/ID                  output_file_id, error_file_id once ended
  POST /v1/batches/ID/cancel
  GET  /v1/files/ID/content            the output (response.status_code/body) or error (error.code
                                       batch_expired / batch_cancelled, or a failed response) JSONL
Faults (fake_model's names): batch_latency_ms (default 3000: how long a batch processes), batch_expire N
(the next N batches expire without answering), batch_errored N (the next N requests in batches are
errored as overloaded), batch_poll_429 N (the next N polls answer 429 with retry-after 1), batch_create_hang N
(the next N batches are created, but the answer is held back for 10 minutes: a stop or a timeout loses the id),
batch_create_drop N (the next N batches are created, then the connection closes without an answer).
Stats: "batches": {"created", "polls", "cancels", "requests", "lists", "ids": [...]}.
"""
import json, re, threading, time, uuid
from urllib.parse import parse_qs, urlsplit

CUSTOM_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
LOCK = threading.Lock()
BATCHES = {}
FILES = {}
COUNTED = ["batch_expire", "batch_errored", "batch_poll_429", "batch_create_hang", "batch_create_drop"]
DEFAULTS = {"batch_latency_ms": 3000}


def fresh_stats():
    return {"created": 0, "polls": 0, "cancels": 0, "requests": 0, "lists": 0, "ids": []}


def reset():
    with LOCK:
        BATCHES.clear()
        FILES.clear()


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%06dZ" % int((t % 1) * 1e6)


class Batch:
    def __init__(self, api, requests, state):
        self.api, self.requests, self.created = api, requests, time.time()
        self.id = ("msgbatch_" if api == "anthropic" else "batch_") + uuid.uuid4().hex[:24]
        self.ends_at = self.created + state.faults.get("batch_latency_ms", 3000) / 1000.0
        self.expire = state.take("batch_expire")
        self.cancel_at = None
        self.results = None  # custom_id -> result, made when the batch ends
        self.input_file = ""
        self.metadata = {}

    def ended(self):
        return self.results is not None

    def advance(self, answer_one):
        if self.ended():
            return
        now = time.time()
        if self.cancel_at is not None and now >= self.cancel_at:
            self.results = {r["custom_id"]: {"type": "canceled"} for r in self.requests}
        elif now >= self.ends_at:
            if self.expire:
                self.results = {r["custom_id"]: {"type": "expired"} for r in self.requests}
            else:
                self.results = {r["custom_id"]: answer_one(self.api, r) for r in self.requests}
        if self.results is not None:
            self.ended_at = now


def counts(b):
    types = [r["type"] for r in (b.results or {}).values()]
    return {"processing": 0 if b.ended() else len(b.requests), "succeeded": types.count("succeeded"),
            "errored": types.count("errored"), "canceled": types.count("canceled"), "expired": types.count("expired")}


def anthropic_batch(b, base):
    status = "ended" if b.ended() else ("canceling" if b.cancel_at is not None else "in_progress")
    return {"id": b.id, "type": "message_batch", "processing_status": status, "request_counts": counts(b),
            "ended_at": iso(b.ended_at) if b.ended() else None, "created_at": iso(b.created),
            "expires_at": iso(b.created + 86400), "archived_at": None,
            "cancel_initiated_at": iso(b.cancel_at) if b.cancel_at else None,
            "results_url": base + "/v1/messages/batches/%s/results" % b.id if b.ended() else None}


def openai_status(b):
    if not b.ended():
        if b.cancel_at is not None:
            return "cancelling"
        return "validating" if time.time() - b.created < 0.5 else "in_progress"
    types = [r["type"] for r in b.results.values()]
    if types and all(t == "canceled" for t in types):
        return "cancelled"
    if types and all(t == "expired" for t in types):
        return "expired"
    return "completed"


def openai_line(b, custom_id, result):
    line = {"id": "batch_req_" + uuid.uuid4().hex[:20], "custom_id": custom_id, "response": None, "error": None}
    if result["type"] == "succeeded":
        line["response"] = {"status_code": 200, "request_id": uuid.uuid4().hex, "body": result["body"]}
    elif result["type"] == "errored":
        line["response"] = {"status_code": result["status"], "request_id": uuid.uuid4().hex, "body": result["body"]}
    else:
        code = "batch_expired" if result["type"] == "expired" else "batch_cancelled"
        line["error"] = {"code": code, "message": "This request could not be executed before the batch " +
                         ("expired." if code == "batch_expired" else "was cancelled.")}
    return line


def openai_batch(b):
    status = openai_status(b)
    out = {"id": b.id, "object": "batch", "endpoint": "/v1/chat/completions", "errors": None,
           "input_file_id": b.input_file, "completion_window": "24h", "status": status,
           "output_file_id": None, "error_file_id": None, "created_at": int(b.created),
           "in_progress_at": int(b.created), "expires_at": int(b.created + 86400),
           "metadata": b.metadata, "request_counts": {"total": len(b.requests), "completed": counts(b)["succeeded"],
                                              "failed": counts(b)["errored"]}}
    if b.ended():
        good = [json.dumps(openai_line(b, k, v), ensure_ascii=False) for k, v in b.results.items()
                if v["type"] == "succeeded"]
        bad = [json.dumps(openai_line(b, k, v), ensure_ascii=False) for k, v in b.results.items()
               if v["type"] != "succeeded"]
        if good:
            out["output_file_id"] = new_file("\n".join(good) + "\n", "batch_output")
        if bad:
            out["error_file_id"] = new_file("\n".join(bad) + "\n", "batch_output")
        b.results_files = (out["output_file_id"], out["error_file_id"])
    return out


def new_file(content, purpose):
    fid = "file-" + uuid.uuid4().hex[:24]
    FILES[fid] = {"content": content, "purpose": purpose, "created": int(time.time())}
    return fid


def multipart_file(handler, body):
    ctype = handler.headers.get("content-type", "")
    m = re.search(r"boundary=([^;]+)", ctype)
    if not m:
        return None, None
    boundary = m.group(1).strip('"').encode()
    purpose, content = None, None
    for part in body.split(b"--" + boundary):
        head, _, data = part.partition(b"\r\n\r\n")
        data = data[:-2] if data.endswith(b"\r\n") else data
        if b'name="purpose"' in head:
            purpose = data.decode()
        elif b'name="file"' in head:
            content = data.decode()
    return purpose, content


class Routes:
    """Called by fake_model's Handler: handle(handler, state, answer_one) -> True when the path was a batch one."""

    def __init__(self, handler, state, answer_one, error):
        self.h, self.state, self.answer_one, self.error = handler, state, answer_one, error

    def bump(self, key, n=1):
        with self.state.lock:
            self.state.stats.setdefault("batches", fresh_stats())[key] += n

    def base(self):
        return "http://" + self.h.headers.get("host", "127.0.0.1")

    def find(self, bid):
        b = BATCHES.get(bid)
        if b:
            b.advance(self.answer_one)
        return b

    def handle(self, method, path):
        h = self.h
        m = re.match(r"^/v1/messages/batches(?:/([^/]+))?(?:/(results|cancel))?$", path)
        if m:
            return self.anthropic(method, m.group(1), m.group(2))
        m = re.match(r"^/v1/batches(?:/([^/]+))?(?:/(cancel))?$", path)
        if m:
            return self.openai(method, m.group(1), m.group(2))
        if method == "POST" and path == "/v1/files":
            purpose, content = multipart_file(h, h.read_body())
            if purpose != "batch" or content is None:
                return h.send_json(400, self.error("openai", "invalid_request_error", "purpose must be batch"))
            fid = new_file(content, "batch")
            return h.send_json(200, {"id": fid, "object": "file", "bytes": len(content.encode()),
                                     "created_at": int(time.time()), "filename": "batch.jsonl", "purpose": "batch"})
        m = re.match(r"^/v1/files/([^/]+)/content$", path)
        if m and method == "GET":
            f = FILES.get(m.group(1))
            if not f:
                return h.send_json(404, self.error("openai", "invalid_request_error", "No such File object"))
            data = f["content"].encode()
            h.send_response(200)
            h.send_header("content-type", "application/octet-stream")
            h.send_header("content-length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
            return True
        return False

    def created(self, answer):
        """The batch exists on the server from here on, whatever the client hears."""
        if self.state.take("batch_create_drop"):
            self.h.close_connection = True
            return True
        if self.state.take("batch_create_hang"):
            time.sleep(600)
            self.h.close_connection = True
            return True
        return self.h.send_json(200, answer)

    def listed(self, api, shown, cursor):
        query = parse_qs(urlsplit(self.h.path).query)
        limit = int((query.get("limit") or ["20"])[0])
        after = (query.get(cursor) or [""])[0]
        self.bump("lists")
        with LOCK:
            ordered = sorted((b for b in BATCHES.values() if b.api == api), key=lambda b: b.created, reverse=True)
            ids = [b.id for b in ordered]
            start = ids.index(after) + 1 if after in ids else 0
            page = ordered[start:start + limit]
            data = [shown(self.find(b.id)) for b in page]
        return self.h.send_json(200, {"data": data, "has_more": start + limit < len(ordered),
                                      "first_id": data[0]["id"] if data else None,
                                      "last_id": data[-1]["id"] if data else None})

    def polled(self, api):
        self.bump("polls")
        if self.state.take("batch_poll_429"):
            self.h.send_json(429, self.error(api, "rate_limit_error", "Too many requests"), {"retry-after": "1"})
            return False
        return True

    def anthropic(self, method, bid, action):
        h = self.h
        if method == "POST" and bid is None:
            body = h.read_json() or {}
            requests = body.get("requests") or []
            ids = [r.get("custom_id", "") for r in requests]
            bad = [i for i in ids if not CUSTOM_ID.match(i or "")]
            if not requests or bad or len(set(ids)) != len(ids):
                why = ("custom_id must match ^[a-zA-Z0-9_-]{1,64}$: %r" % bad[0] if bad else
                       "requests: custom_id values must be unique" if requests else "requests: at least one")
                return h.send_json(400, self.error("anthropic", "invalid_request_error", why))
            with LOCK:
                b = Batch("anthropic", requests, self.state)
                BATCHES[b.id] = b
            self.bump("created")
            self.bump("requests", len(requests))
            with self.state.lock:
                self.state.stats["batches"]["ids"].append(b.id)
            return self.created(anthropic_batch(b, self.base()))
        if method == "GET" and bid is None:
            return self.listed("anthropic", lambda b: anthropic_batch(b, self.base()), "after_id")
        with LOCK:
            b = self.find(bid)
            if not b:
                return h.send_json(404, self.error("anthropic", "not_found_error", "batch not found"))
            if action == "cancel" and method == "POST":
                self.bump("cancels")
                if not b.ended() and b.cancel_at is None:
                    b.cancel_at = time.time()
                return h.send_json(200, anthropic_batch(b, self.base()))
            if action == "results":
                if not b.ended():
                    return h.send_json(400, self.error("anthropic", "invalid_request_error", "batch not ended"))
                lines = [json.dumps({"custom_id": k, "result": v.get("anthropic", v)}, ensure_ascii=False)
                         for k, v in b.results.items()]
                data = ("\n".join(lines) + "\n").encode()
                h.send_response(200)
                h.send_header("content-type", "application/binary")
                h.send_header("content-length", str(len(data)))
                h.end_headers()
                h.wfile.write(data)
                return True
            if not self.polled("anthropic"):
                return True
            return h.send_json(200, anthropic_batch(b, self.base()))

    def openai(self, method, bid, action):
        h = self.h
        if method == "POST" and bid is None:
            body = h.read_json() or {}
            f = FILES.get(body.get("input_file_id", ""))
            if not f or body.get("completion_window") != "24h" or body.get("endpoint") != "/v1/chat/completions":
                return h.send_json(400, self.error("openai", "invalid_request_error", "input_file_id, endpoint "
                                                   "/v1/chat/completions and completion_window 24h are required"))
            requests = [json.loads(l) for l in f["content"].splitlines() if l.strip()]
            ids = [r.get("custom_id") for r in requests]
            if len(set(ids)) != len(ids):
                return h.send_json(400, self.error("openai", "invalid_request_error", "duplicate custom_id"))
            with LOCK:
                b = Batch("openai", [{"custom_id": r["custom_id"], "params": r["body"]} for r in requests], self.state)
                b.input_file = body["input_file_id"]
                b.metadata = body.get("metadata") or {}
                BATCHES[b.id] = b
            self.bump("created")
            self.bump("requests", len(requests))
            with self.state.lock:
                self.state.stats["batches"]["ids"].append(b.id)
            return self.created(openai_batch(b))
        if method == "GET" and bid is None:
            return self.listed("openai", openai_batch, "after")
        with LOCK:
            b = self.find(bid)
            if not b:
                return h.send_json(404, self.error("openai", "invalid_request_error", "No batch found"))
            if action == "cancel":
                self.bump("cancels")
                if not b.ended() and b.cancel_at is None:
                    b.cancel_at = time.time()
                return h.send_json(200, openai_batch(b))
            if not self.polled("openai"):
                return True
            return h.send_json(200, openai_batch(b))
