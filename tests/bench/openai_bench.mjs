// The official `openai` npm client sending the same requests as tst_api_bench, at the same concurrency, to the
// same local server. Usage: node openai_bench.mjs BASE_URL REQUESTS CONCURRENCY [stream]
// Prints {"ms": wall time, "requests": N, "ok": N} on stdout.
import OpenAI from 'openai';

const [baseURL, total, concurrency, mode] = process.argv.slice(2);
const requests = Number(total);
const stream = mode === 'stream';
const client = new OpenAI({ baseURL, apiKey: 'sk-bench', maxRetries: 0 });
let next = 0;
let ok = 0;

async function worker() {
    while (next < requests) {
        next++;
        const body = {
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'Classify: charged twice' }],
            max_tokens: 16,
            temperature: 0,
        };
        if (stream) {
            const s = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
            let usage = null;
            for await (const chunk of s) usage = chunk.usage ?? usage;
            if (usage) ok++;
        } else {
            const r = await client.chat.completions.create(body);
            if (r.usage) ok++;
        }
    }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(JSON.stringify({ ms: performance.now() - t0, requests, ok }));
