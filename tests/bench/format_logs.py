#!/usr/bin/env python3
"""Writes N records of one log format (issue 15's benchmark): openai (logger-wrapped chat completions, JSONL),
litellm (SpendLogs CSV with JSON cells), helicone (JSONL), langfuse (JSONL), otel (JSONL of spans).
Usage: format_logs.py FORMAT N OUT"""
import json
import random
import sys

MODELS = ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash"]
TASKS = ["summarize", "classify", "extract", "chat", "translate"]
BASE = 1761955200  # 2025-11-01T00:00:00Z


def iso(t, ms):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms


def naive(t, ms):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % ms


def record(fmt, i, r):
    t = BASE + i * 2
    ms = r.randrange(1000)
    model = r.choice(MODELS)
    inp, out = r.randrange(50, 5000), r.randrange(1, 800)
    cached = r.randrange(0, inp)
    cost = "%.7f" % ((inp * 0.15 + out * 0.6) / 1e6)
    task = r.choice(TASKS)
    if fmt == "openai":
        return json.dumps({"ts": iso(t, ms), "latency_ms": r.randrange(100, 9000), "status": 200,
                           "request": {"model": model, "user": "u_%d" % (i % 500)},
                           "response": {"id": "chatcmpl-%d" % i, "created": t, "model": model,
                                        "usage": {"prompt_tokens": inp, "completion_tokens": out,
                                                  "prompt_tokens_details": {"cached_tokens": cached}}}},
                          separators=(",", ":"))
    if fmt == "litellm":
        meta = json.dumps({"user_api_key_alias": "svc", "additional_usage_values":
                           {"prompt_tokens_details": {"cached_tokens": cached}}}).replace('"', '""')
        return ('req-%d,acompletion,k1,%s,%d,%d,%d,%s,%s,%s,openai,"%s","[""%s""]",cust_%d,success'
                % (i, cost, inp + out, inp, out, naive(t, ms), naive(t + 1, ms), model, meta, task, i % 500))
    if fmt == "helicone":
        return json.dumps({"request_id": "h-%d" % i, "request_created_at": iso(t, ms), "model": model,
                           "provider": "OPENAI", "response_status": 200, "delay_ms": r.randrange(100, 9000),
                           "prompt_tokens": inp, "completion_tokens": out, "prompt_cache_read_tokens": cached,
                           "request_properties": {"feature": task}, "costUSD": float(cost)},
                          separators=(",", ":"))
    if fmt == "langfuse":
        return json.dumps({"id": "o-%d" % i, "type": "GENERATION", "name": task, "start_time": naive(t, ms) + "000",
                           "provided_model_name": model, "usage_details": {"input": inp - cached,
                           "input_cached_tokens": cached, "output": out}, "total_cost": float(cost),
                           "latency": 1.25, "level": "DEFAULT", "user_id": "u_%d" % (i % 500)},
                          separators=(",", ":"))
    if fmt == "otel":
        return json.dumps({"name": "chat " + model, "spanId": "s%d" % i,
                           "startTimeUnixNano": str(t * 10**9 + ms * 10**6),
                           "endTimeUnixNano": str((t + 1) * 10**9), "attributes": {
                               "gen_ai.request.model": model, "gen_ai.usage.input_tokens": inp,
                               "gen_ai.usage.cache_read.input_tokens": cached, "gen_ai.usage.output_tokens": out}},
                          separators=(",", ":"))
    raise SystemExit("unknown format " + fmt)


def main():
    fmt, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    r = random.Random(1)
    with open(path, "w") as f:
        if fmt == "litellm":
            f.write("request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,"
                    "endTime,model,custom_llm_provider,metadata,request_tags,end_user,status\n")
        for i in range(n):
            f.write(record(fmt, i, r) + "\n")


main()
