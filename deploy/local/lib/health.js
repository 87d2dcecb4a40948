#!/usr/bin/env node
// Real readiness checks for the local infrastructure, with no npm dependency
// (so they work before `npm ci`): raw wire-protocol requests over TCP.
//
//   node health.js kafka 127.0.0.1:9092 [--wait MS] [--pid PID]
//   node health.js mongo 127.0.0.1:27017 [--wait MS] [--pid PID]
//
// kafka: sends a Metadata v6 request (the version kafkajs 2.2.4 uses) and
//        requires a broker list + cluster id + an elected controller.
// mongo: sends OP_MSG {ping: 1, $db: "admin"} and requires ok: 1.
// --wait MS: retry until healthy or MS elapsed. --pid PID: give up at once if
// that process dies meanwhile. Prints one line; exit 0 healthy, 1 not,
// 2 if the process given by --pid died, 64 on usage errors.
'use strict';

const net = require('net');

function usage(msg) {
  if (msg) console.error(msg);
  console.error('usage: health.js kafka|mongo HOST:PORT [--wait MS] [--pid PID]');
  process.exit(64);
}

const [kind, addr, ...rest] = process.argv.slice(2);
if (!['kafka', 'mongo'].includes(kind) || !addr) usage();
let waitMs = 0;
let pid = 0;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--wait') waitMs = Number(rest[++i]);
  else if (rest[i] === '--pid') pid = Number(rest[++i]);
  else usage(`unknown argument ${rest[i]}`);
}
const m = /^(.*):(\d+)$/.exec(addr);
if (!m) usage(`bad address ${addr}`);
const host = m[1];
const port = Number(m[2]);

// One request/response exchange framed by a leading int32 length (Kafka)
// or int32 little-endian total length (MongoDB).
function exchange(request, frameLen, timeoutMs) {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ host, port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('connect', () => sock.write(request));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const need = frameLen(buf);
      if (need !== null && buf.length >= need) {
        clearTimeout(timer);
        sock.destroy();
        resolve(buf.subarray(0, need));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      reject(new Error('connection closed before a full answer'));
    });
  });
}

// ---------------- Kafka: Metadata v6 ----------------
async function kafkaCheck(timeoutMs) {
  const clientId = Buffer.from('sightline-health');
  const body = Buffer.alloc(4 + 1);
  body.writeInt32BE(0, 0); // topics: empty array -> no topic metadata, just brokers/controller
  body.writeInt8(0, 4); // allow_auto_topic_creation = false
  const header = Buffer.alloc(2 + 2 + 4 + 2);
  header.writeInt16BE(3, 0); // api_key Metadata
  header.writeInt16BE(6, 2); // api_version 6
  header.writeInt32BE(4242, 4); // correlation id
  header.writeInt16BE(clientId.length, 8);
  const payload = Buffer.concat([header, clientId, body]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);

  const res = await exchange(
    Buffer.concat([size, payload]),
    (b) => (b.length >= 4 ? 4 + b.readInt32BE(0) : null),
    timeoutMs,
  );

  let o = 4;
  const corr = res.readInt32BE(o);
  o += 4;
  if (corr !== 4242) throw new Error(`bad correlation id ${corr}`);
  o += 4; // throttle_time_ms
  const nBrokers = res.readInt32BE(o);
  o += 4;
  const brokers = [];
  for (let i = 0; i < nBrokers; i++) {
    const nodeId = res.readInt32BE(o);
    o += 4;
    const hl = res.readInt16BE(o);
    o += 2;
    const h = res.toString('utf8', o, o + hl);
    o += hl;
    const p = res.readInt32BE(o);
    o += 4;
    const rl = res.readInt16BE(o);
    o += 2;
    if (rl > 0) o += rl;
    brokers.push(`${nodeId}@${h}:${p}`);
  }
  const cl = res.readInt16BE(o);
  o += 2;
  const clusterId = cl >= 0 ? res.toString('utf8', o, o + cl) : null;
  o += Math.max(cl, 0);
  const controller = res.readInt32BE(o);
  if (nBrokers < 1) throw new Error('metadata lists no broker yet');
  if (controller < 0) throw new Error('no active controller yet');
  return `kafka ok: clusterId=${clusterId} controller=${controller} brokers=${brokers.join(',')}`;
}

// ---------------- MongoDB wire: OP_MSG ping ----------------
function bsonDoc(fields) {
  const parts = [];
  for (const [k, v] of fields) {
    const key = Buffer.from(`${k}\0`);
    if (typeof v === 'number') {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v, 0);
      parts.push(Buffer.from([0x10]), key, b);
    } else {
      const s = Buffer.from(`${v}\0`);
      const l = Buffer.alloc(4);
      l.writeInt32LE(s.length, 0);
      parts.push(Buffer.from([0x02]), key, l, s);
    }
  }
  const content = Buffer.concat([...parts, Buffer.from([0])]);
  const len = Buffer.alloc(4);
  len.writeInt32LE(content.length + 4, 0);
  return Buffer.concat([len, content]);
}

// Reads top-level scalar fields of a BSON document (enough for {ok, errmsg, ...}).
function bsonRead(buf) {
  const out = {};
  const end = buf.readInt32LE(0);
  let o = 4;
  while (o < end - 1) {
    const t = buf[o++];
    const z = buf.indexOf(0, o);
    const key = buf.toString('utf8', o, z);
    o = z + 1;
    switch (t) {
      case 0x01:
        out[key] = buf.readDoubleLE(o);
        o += 8;
        break;
      case 0x02: {
        const l = buf.readInt32LE(o);
        out[key] = buf.toString('utf8', o + 4, o + 4 + l - 1);
        o += 4 + l;
        break;
      }
      case 0x03:
      case 0x04:
        o += buf.readInt32LE(o);
        break;
      case 0x05:
        o += 4 + 1 + buf.readInt32LE(o);
        break;
      case 0x07:
        o += 12;
        break;
      case 0x08:
        out[key] = buf[o] === 1;
        o += 1;
        break;
      case 0x09:
      case 0x11:
      case 0x12:
        o += 8;
        break;
      case 0x0a:
        out[key] = null;
        break;
      case 0x10:
        out[key] = buf.readInt32LE(o);
        o += 4;
        break;
      case 0x13:
        o += 16;
        break;
      default:
        return out; // unknown type: stop, we have what precedes it
    }
  }
  return out;
}

async function mongoCheck(timeoutMs) {
  const doc = bsonDoc([
    ['ping', 1],
    ['$db', 'admin'],
  ]);
  const hdr = Buffer.alloc(16 + 4 + 1);
  hdr.writeInt32LE(16 + 4 + 1 + doc.length, 0); // messageLength
  hdr.writeInt32LE(4242, 4); // requestID
  hdr.writeInt32LE(0, 8); // responseTo
  hdr.writeInt32LE(2013, 12); // OP_MSG
  hdr.writeUInt32LE(0, 16); // flagBits
  hdr.writeUInt8(0, 20); // section kind 0: body
  const res = await exchange(
    Buffer.concat([hdr, doc]),
    (b) => (b.length >= 4 ? b.readInt32LE(0) : null),
    timeoutMs,
  );
  if (res.readInt32LE(8) !== 4242) throw new Error('bad responseTo');
  if (res.readInt32LE(12) !== 2013) throw new Error(`unexpected opCode ${res.readInt32LE(12)}`);
  const reply = bsonRead(res.subarray(21));
  if (reply.ok !== 1) throw new Error(`ping answered ${JSON.stringify(reply)}`);
  return 'mongo ok: ping {ok: 1}';
}

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function main() {
  const check = kind === 'kafka' ? kafkaCheck : mongoCheck;
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      const msg = await check(Math.min(5000, Math.max(waitMs, 2000)));
      console.log(`${msg} (${Date.now() - t0} ms)`);
      return 0;
    } catch (e) {
      last = e;
    }
    if (pid && !alive(pid)) {
      console.log(`${kind} process ${pid} exited while waiting (last error: ${last.message})`);
      return 2;
    }
    if (Date.now() - t0 >= waitMs) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(
    `${kind} not healthy at ${addr}: ${last.code || ''} ${last.message}`.replace(/ +/g, ' '),
  );
  return 1;
}

main().then((code) => process.exit(code));
