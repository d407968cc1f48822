// Reads .warc.gz files with warcio (an independent WARC reader) and checks them; prints one JSON summary on stdout.
// Usage: node check-warc.mjs FILE...   Exit 0 when every check passed, 1 otherwise (the errors are in the summary).
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { WARCParser } from "warcio";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(bytes) {
  let bits = 0, value = 0, out = "";
  for (const b of bytes) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += alphabet[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
const sha1 = (bytes) => "sha1:" + base32(createHash("sha1").update(bytes).digest());

function indexOfBlank(bytes) {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i + 4;
  }
  return -1;
}

const errors = [];
const records = [];
for (const file of process.argv.slice(2)) {
  let count = 0;
  try {
    const parser = new WARCParser(createReadStream(file), { parseHttp: false });
    for await (const record of parser) {
      count++;
      const block = await record.readFully(false);
      const where = `${file} record ${count} (${record.warcType} ${record.warcTargetURI ?? ""})`;
      if (record.warcHeaders.protocol !== "WARC/1.1") errors.push(`${where}: version ${record.warcHeaders.protocol}`);
      if (block.length !== record.warcContentLength) errors.push(`${where}: block of ${block.length} bytes, Content-Length ${record.warcContentLength}`);
      for (const field of ["WARC-Record-ID", "WARC-Date", "WARC-Block-Digest"]) {
        if (!record.warcHeader(field)) errors.push(`${where}: no ${field}`);
      }
      if (record.warcBlockDigest && record.warcBlockDigest !== sha1(block)) errors.push(`${where}: block digest ${record.warcBlockDigest} != ${sha1(block)}`);
      const entry = {
        file, type: record.warcType, id: record.warcHeader("WARC-Record-ID"), uri: record.warcTargetURI ?? null,
        ip: record.warcHeader("WARC-IP-Address") ?? null, concurrentTo: record.warcHeader("WARC-Concurrent-To") ?? null,
        refersTo: record.warcHeader("WARC-Refers-To") ?? null, payloadDigest: record.warcPayloadDigest ?? null,
        truncated: record.warcHeader("WARC-Truncated") ?? null,
      };
      if (entry.type === "response" || entry.type === "revisit" || entry.type === "request") {
        if (!entry.uri) errors.push(`${where}: no WARC-Target-URI`);
        if (!entry.ip) errors.push(`${where}: no WARC-IP-Address`);
        const head = indexOfBlank(block);
        if (head < 0) { errors.push(`${where}: no HTTP head in the block`); continue; }
        const firstLine = Buffer.from(block.subarray(0, head)).toString("latin1").split("\r\n")[0];
        if (entry.type !== "request") {
          entry.status = Number(firstLine.split(" ")[1]);
          if (!entry.payloadDigest) errors.push(`${where}: no WARC-Payload-Digest`);
          if (entry.type === "response") {
            const payload = block.subarray(head);
            entry.payloadLength = payload.length;
            entry.payloadSha1 = sha1(payload);
            if (entry.payloadDigest !== entry.payloadSha1) errors.push(`${where}: payload digest ${entry.payloadDigest} != ${entry.payloadSha1}`);
          }
        } else {
          entry.requestLine = firstLine;
        }
      }
      records.push(entry);
    }
  } catch (e) {
    errors.push(`${file}: ${e && e.stack ? e.stack : e}`);
  }
  if (count === 0) errors.push(`${file}: no records`);
}

const byId = new Map(records.map((r) => [r.id, r]));
for (const r of records) {
  if (r.type === "request") {
    const target = byId.get(r.concurrentTo);
    if (!target || (target.type !== "response" && target.type !== "revisit") || target.uri !== r.uri) {
      errors.push(`request ${r.id} (${r.uri}): WARC-Concurrent-To ${r.concurrentTo} is not a response to the same URI`);
    }
  }
  if (r.type === "revisit") {
    const original = byId.get(r.refersTo);
    if (!original || original.type !== "response" || original.payloadDigest !== r.payloadDigest) {
      errors.push(`revisit ${r.id} (${r.uri}): WARC-Refers-To ${r.refersTo} is not a response with payload ${r.payloadDigest}`);
    }
  }
}

const counts = {};
for (const r of records) counts[r.type] = (counts[r.type] ?? 0) + 1;
process.stdout.write(JSON.stringify({ counts, errors, records }) + "\n");
// exitCode, not exit(): exit() would cut a large summary still being written to a pipe.
process.exitCode = errors.length === 0 ? 0 : 1;
