// A frontend using api.video's own browser libraries, unchanged, against vidmock:
// 1. upload the picked file with an upload token (@api.video/video-uploader);
// 2. poll the video's status until it is playable;
// 3. play it in api.video's player through @api.video/player-sdk;
// 4. list the analytics of that play (its session and events).
"use strict";

const form = document.getElementById("setup");
const status = document.getElementById("status");
const say = (text) => { status.textContent = text; };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const api = document.getElementById("api").value.replace(/\/+$/, "");
  const reads = { Authorization: "Bearer " + document.getElementById("access-token").value };
  try {
    const video = await upload(api);
    await playable(api, reads, video.videoId);
    const player = play(video);
    player.addEventListener("ended", () => showAnalytics(api, reads, video));
  } catch (error) {
    say("Failed: " + (error.title || error.message || error));
  }
});

async function upload(api) {
  // The uploader builds https://<apiHost>/upload: the base URL without its scheme.
  const uploader = new VideoUploader({
    file: document.getElementById("file").files[0],
    uploadToken: document.getElementById("upload-token").value,
    apiHost: api.replace(/^https:\/\//, ""),
  });
  uploader.onProgress((e) => say(`Uploading… ${Math.round((100 * e.uploadedBytes) / e.totalBytes)} %`));
  const video = await uploader.upload();
  say(`Uploaded ${video.videoId}; encoding…`);
  return video;
}

async function playable(api, reads, videoId) {
  for (;;) {
    const answer = await fetch(`${api}/videos/${videoId}/status`, { headers: reads });
    if (!answer.ok) throw new Error(`status: ${answer.status}`);
    const { encoding } = await answer.json();
    if (encoding.playable) return;
    const done = encoding.qualities.filter((q) => q.status === "encoded").length;
    say(`Encoding… ${done}/${encoding.qualities.length} qualities`);
    await sleep(1000);
  }
}

function play(video) {
  // Muted: browsers let a page start a muted video without a click in the player itself.
  const player = new PlayerSdk("#player", { id: video.videoId, iframeUrl: video.assets.player, muted: true });
  const [playButton, pauseButton] = [document.getElementById("play"), document.getElementById("pause")];
  playButton.onclick = () => player.play();
  pauseButton.onclick = () => player.pause();
  player.addEventListener("ready", () => {
    say("Playable: press Play");
    playButton.disabled = pauseButton.disabled = false;
  });
  player.addEventListener("play", () => say("Playing"));
  return player;
}

async function showAnalytics(api, reads, video) {
  say("Played to the end; reading the analytics…");
  // The sessions of the days from the upload on (the mock's clock may be set anywhere).
  // (The uploader hands `publishedAt` over as a Date.)
  const day = new Date(video.publishedAt).toISOString().slice(0, 10);
  const period = `${day}/${addDays(day, 30)}`;
  for (let tries = 0; tries < 30; tries += 1) {
    const sessions = await getJson(`${api}/analytics/videos/${video.videoId}?period=${period}`, reads);
    const latest = sessions.data[sessions.data.length - 1];
    if (latest) {
      const events = await getJson(`${api}/analytics/sessions/${latest.session.sessionId}/events`, reads);
      // The player page reports as it plays: wait for the end to arrive.
      if (events.data.some((e) => e.type === "end")) return render(latest, events.data);
    }
    await sleep(1000);
  }
  say("No analytics arrived for this play");
}

function render(latest, events) {
  const { session, client, os, device } = latest;
  document.getElementById("session").textContent =
    `Session ${session.sessionId}, loaded ${session.loadedAt}: ${client.name} on ${os.name} (${device.type})`;
  const list = document.getElementById("events");
  list.replaceChildren(
    ...events.map((e) => {
      const item = document.createElement("li");
      item.dataset.type = e.type;
      item.textContent = "at" in e ? `${e.type} at ${e.at} s` : `${e.type} from ${e.from} s to ${e.to} s`;
      return item;
    }),
  );
  say(`Analytics: ${events.length} events`);
}

async function getJson(url, headers) {
  const answer = await fetch(url, { headers });
  if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
  return answer.json();
}

function addDays(day, days) {
  const next = new Date(day + "T00:00:00Z");
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}
