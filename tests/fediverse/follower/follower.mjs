// A Fediverse account built with Fedify, for the tests: it finds a citymesh node by WebFinger,
// follows it, and records every activity its inbox accepted (Fedify checks each signature).
//
//   node follower.mjs PORT NAME
//
// Prints "ready" once it listens on 127.0.0.1:PORT. Control routes (JSON):
//   POST /control/follow {"acct": "name@host"}   POST /control/unfollow   GET /control/received
//   GET /control/fetches (how many GETs of the actor were signed, and refused for want of one)
import http from "node:http";
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Accept, Create, Delete, Endpoints, Follow, Person, Undo, Update } from "@fedify/vocab";
import { lookupWebFinger } from "@fedify/webfinger";

if (process.env.FOLLOWER_DEBUG) {
  const { configure } = await import("@logtape/logtape");
  const stderr = (r) => console.error(r.level, r.category.join("."), r.message.join(""), r.properties);
  await configure({
    sinks: { stderr },
    loggers: [
      { category: "fedify", sinks: ["stderr"], lowestLevel: "debug" },
      { category: ["logtape", "meta"], sinks: ["stderr"], lowestLevel: "warning" },
    ],
  });
}

const port = Number(process.argv[2]);
const name = process.argv[3] ?? "alice";
const origin = `http://127.0.0.1:${port}`;

// WebFinger of an acct: URI is always asked over https; the node under test serves plain
// http on loopback, so loopback https is sent as http here, as a TLS proxy in front would.
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  if (input instanceof URL && input.protocol === "https:" && input.hostname === "127.0.0.1") {
    const plain = new URL(input.href);
    plain.protocol = "http:";
    return realFetch(plain, init);
  }
  return realFetch(input, init);
};

const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
const fetches = { signed: 0, refused: 0 }; // GETs of the actor, by whether they were signed
const federation = createFederation({
  kv: new MemoryKvStore(),
  origin,
  allowPrivateAddress: true,
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== name) return null;
    const pairs = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name,
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      publicKey: pairs[0].cryptographicKey,
    });
  })
  .setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === name ? keys : []))
  // Secure mode, as Mastodon's AUTHORIZED_FETCH: the actor is served only to signed GETs.
  .authorize(async (ctx) => {
    const signer = await ctx.getSignedKeyOwner();
    fetches[signer == null ? "refused" : "signed"] += 1;
    return signer != null;
  });

const received = [];
async function record(kind, activity) {
  // The Follow an Accept names lives here: only its id is read (Fedify would fetch it again,
  // as it does with any object embedded by another server).
  const object = kind === "Accept" ? null : await activity.getObject();
  received.push({
    type: kind,
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
    object: object?.id?.href ?? activity.objectId?.href ?? null,
    objectType: object?.constructor?.name ?? null,
    name: object?.name?.toString() ?? null,
    content: object?.content?.toString() ?? null,
    startTime: object?.startTime?.toString() ?? null,
    at: Date.now(),
  });
}

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Accept, (_ctx, a) => record("Accept", a))
  .on(Create, (_ctx, a) => record("Create", a))
  .on(Update, (_ctx, a) => record("Update", a))
  .on(Delete, (_ctx, a) => record("Delete", a));

let following = null; // { follow: Follow, target: Actor }

async function follow(acct) {
  const jrd = await lookupWebFinger(`acct:${acct}`, { allowPrivateAddress: true });
  const self = jrd?.links?.find((l) => l.rel === "self" && l.type?.includes("activity+json"));
  if (self == null) throw new Error(`WebFinger found no actor for ${acct}`);
  const ctx = federation.createContext(new URL(origin), undefined);
  const target = await ctx.lookupObject(self.href);
  if (target == null) throw new Error(`cannot read the actor ${self.href}`);
  const activity = new Follow({
    id: new URL(`${origin}/follows/${crypto.randomUUID()}`),
    actor: ctx.getActorUri(name),
    object: target.id,
  });
  await ctx.sendActivity({ identifier: name }, target, activity);
  following = { follow: activity, target };
  return {
    actor: target.id.href,
    type: target.constructor.name,
    preferredUsername: target.preferredUsername?.toString() ?? null,
    name: target.name?.toString() ?? null,
    follow: activity.id.href,
  };
}

async function unfollow() {
  const ctx = federation.createContext(new URL(origin), undefined);
  const { follow: activity, target } = following;
  await ctx.sendActivity(
    { identifier: name },
    target,
    new Undo({
      id: new URL(`${origin}/undo/${crypto.randomUUID()}`),
      actor: ctx.getActorUri(name),
      object: activity,
    }),
  );
  return { undone: activity.id.href };
}

async function toRequest(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  }
  return new Request(new URL(req.url, origin), {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
  });
}

function send(res, status, value) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(value));
}

const server = http.createServer(async (req, res) => {
  try {
    const request = await toRequest(req);
    const path = new URL(request.url).pathname;
    if (path === "/control/follow") {
      const { acct } = await request.json();
      return send(res, 200, await follow(acct));
    }
    if (path === "/control/unfollow") return send(res, 200, await unfollow());
    if (path === "/control/received") return send(res, 200, received);
    if (path === "/control/fetches") return send(res, 200, fetches);
    const response = await federation.fetch(request, { contextData: undefined });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    console.error(error);
    send(res, 500, { error: String(error?.stack ?? error) });
  }
});
server.listen(port, "127.0.0.1", () => console.log("ready"));
