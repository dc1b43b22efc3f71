// Uploads with api.video's official Node.js client (@api.video/nodejs-client), run unchanged
// against the mock by tests/test_apivideo_node_client.py; prints what it got as one JSON line.
//
//   node node_client_upload.mjs MODE FILE...
//
// MODE: `upload` (videos.create, then videos.upload of FILE: one request below the chunk size,
// chunks of CHUNK_SIZE bytes above it), `token` (uploadTokens.createToken, then
// uploadWithUploadToken of FILE), `progressive` (videos.create, then a progressive session:
// uploadPart of every FILE but the last, uploadLastPart of the last).
// Environment: NODE_MODULES_DIR (the folder holding node_modules, `make node`'s .cache/node),
// CLIENT_PACKAGE (the name the client is installed under, default @api.video/nodejs-client),
// BASE_URI (the mock's api.video base URL), API_KEY, CHUNK_SIZE (bytes, optional; the client
// takes 5 MiB to 128 MiB). Over HTTPS, NODE_EXTRA_CA_CERTS names the mock's CA.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_MODULES_DIR, "package.json"));
const ApiVideoClient = require(process.env.CLIENT_PACKAGE || "@api.video/nodejs-client");

const [mode, ...files] = process.argv.slice(2);
const client = new ApiVideoClient({
  apiKey: process.env.API_KEY,
  baseUri: process.env.BASE_URI,
  ...(process.env.CHUNK_SIZE ? { chunkSize: Number(process.env.CHUNK_SIZE) } : {}),
});

async function upload([file]) {
  const created = await client.videos.create({ title: "From Node.js" });
  const video = await client.videos.upload(created.videoId, file);
  return { created: created.videoId, videoId: video.videoId, title: video.title };
}

async function token([file]) {
  const { token } = await client.uploadTokens.createToken({});
  const video = await client.videos.uploadWithUploadToken(token, file);
  return { token, videoId: video.videoId, title: video.title };
}

async function progressive(parts) {
  const created = await client.videos.create({ title: "Progressive" });
  const session = client.videos.createUploadProgressiveSession(created.videoId);
  for (const part of parts.slice(0, -1)) {
    await session.uploadPart(part);
  }
  const video = await session.uploadLastPart(parts.at(-1));
  return { created: created.videoId, videoId: video.videoId, title: video.title };
}

const modes = { upload, token, progressive };
try {
  console.log(JSON.stringify(await modes[mode](files)));
} catch (error) {
  // An ApiVideoError (a problem+json answer) or got's HTTPError (any other) carries the answer.
  const response = error.response ?? {};
  const status = response.statusCode ?? error.code;
  const problem = error.problemDetails ?? response.body;
  console.log(JSON.stringify({ error: String(error), status, problem }));
  process.exitCode = 1;
}
