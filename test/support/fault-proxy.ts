import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy did, for the fault suite's report. */
export interface FaultCounts {
  forwarded: number;
  droppedBeforeServer: number;
  droppedAfterServer: number;
  duplicated: number;
  delayed: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly counts: FaultCounts;
  /** Points the proxy at another server (a restarted one) without the devices noticing. */
  setTarget(url: string | null): void;
  /** Turns faults on or off (off for quiescence). */
  setFaulty(faulty: boolean): void;
  close(): Promise<void>;
}

/** mulberry32: a seeded PRNG, so a failing run can be replayed from its printed seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(target: string, request: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(request.url ?? '/', target);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: request.method, headers: { ...request.headers, host: url.host } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * An HTTP proxy on loopback that drops requests before they reach the server, drops responses after
 * the server acted (the "lost response"), duplicates requests, and delays them — at seeded random.
 */
export async function startFaultProxy(options: { target: string; seed: number; dropRate?: number; duplicateRate?: number; maxDelayMs?: number }): Promise<FaultProxy> {
  const random = seeded(options.seed);
  const counts: FaultCounts = { forwarded: 0, droppedBeforeServer: 0, droppedAfterServer: 0, duplicated: 0, delayed: 0 };
  let target: string | null = options.target;
  let faulty = true;
  const dropRate = options.dropRate ?? 0.08;
  const duplicateRate = options.duplicateRate ?? 0.08;
  const maxDelayMs = options.maxDelayMs ?? 150;

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const body = await readBody(request);
      if (!target) return response.socket?.destroy();
      const roll = random();
      if (faulty && roll < dropRate / 2) {
        counts.droppedBeforeServer++;
        return response.socket?.destroy();
      }
      if (faulty && random() < 0.5) {
        counts.delayed++;
        await new Promise((resolve) => setTimeout(resolve, random() * maxDelayMs));
      }
      const duplicate = faulty && random() < duplicateRate;
      const answer = await forward(target, request, body);
      counts.forwarded++;
      if (duplicate) {
        counts.duplicated++;
        await forward(target, request, body).catch(() => undefined);
      }
      if (faulty && roll >= dropRate / 2 && roll < dropRate) {
        counts.droppedAfterServer++;
        return response.socket?.destroy();
      }
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    })().catch(() => response.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setTarget(url) {
      target = url;
    },
    setFaulty(value) {
      faulty = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
