/* vidmock's api.video player page: plays assets.hls with hls.js (natively where the browser
 * plays HLS, else the MP4), shaped by the video's player (the page's JSON config) and by what
 * the URL asks (the SDK's query and fragment), and speaks the postMessage protocol of
 * `@api.video/player-sdk` 1.2.x:
 *  - the fragment `#api;sdkOrigin:<base64 origin>;sdkPlayerId:<n>` links the page to an SDK;
 *  - the page posts {type: "sdkSync", sdkPlayerId} to the parent at that origin (the SDK holds
 *    its commands until then), then its events {type, sdkPlayerId, ...data};
 *  - commands come from the parent at that origin as {message, sdkPlayerId, callbackId, ...};
 *    each is answered {callbackId, arg, sdkPlayerId}, `arg` the value of a getter. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("vidmock-player").textContent);
  var video = document.getElementById("video");
  var root = document.getElementById("player");
  var title = document.querySelector(".title");
  var bar = document.querySelector(".controls");
  var query = new URLSearchParams(location.search);
  var poster = video.getAttribute("poster");
  var hls = null;
  var sdk = null;
  var ready = false;
  var played = false;

  function fragment() {
    var parts = {};
    location.hash.replace(/^#/, "").split(";").forEach(function (part) {
      if (!part) return;
      var colon = part.indexOf(":");
      if (colon < 0) parts[part] = "";
      else parts[part.slice(0, colon)] = part.slice(colon + 1);
    });
    return parts;
  }

  function asked(name, hashName) {
    return query.get(name) === "true" || Object.prototype.hasOwnProperty.call(fragment(), hashName);
  }

  // --- the SDK's link ---------------------------------------------------------------------
  function linkSdk() {
    var parts = fragment();
    sdk = null;
    if (!config.enableApi || !("api" in parts) || !parts.sdkOrigin || window.parent === window) return;
    try {
      sdk = { origin: atob(parts.sdkOrigin), id: parts.sdkPlayerId };
    } catch (error) {
      return;
    }
    emit("sdkSync");
    if (ready) emit("ready");
  }

  function emit(type, data) {
    if (!sdk) return;
    var message = { type: type, sdkPlayerId: sdk.id };
    for (var name in data) message[name] = data[name];
    window.parent.postMessage(message, sdk.origin);
  }

  // --- playback -----------------------------------------------------------------------------
  function fallBack() {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    if (config.mp4 && video.getAttribute("src") !== config.mp4) video.src = config.mp4;
    else emit("error");
  }

  function load() {
    if (window.Hls && window.Hls.isSupported()) {
      hls = new window.Hls();
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        if (data.fatal) fallBack();
      });
      hls.on(window.Hls.Events.LEVEL_SWITCHED, function (_event, data) {
        var level = hls && hls.levels[data.level];
        if (level) emit("qualitychange", { resolution: { width: level.width, height: level.height } });
      });
      hls.loadSource(config.hls);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = config.hls;
    } else {
      fallBack();
    }
  }

  function play() {
    var started = video.play();
    if (started && started.catch) {
      started.catch(function (error) {
        // Browsers refuse sound without a gesture: play muted, as api.video's player does.
        if (error.name !== "NotAllowedError" || video.muted) return;
        video.muted = true;
        video.play().catch(function () {});
      });
    }
  }

  function clampTime(seconds) {
    var end = isFinite(video.duration) ? video.duration : Infinity;
    return Math.min(Math.max(Number(seconds) || 0, 0), end);
  }

  // --- what is shown ------------------------------------------------------------------------
  function showBar(on) {
    bar.classList.toggle("hidden", !on);
    emit(on ? "controlsenabled" : "controlsdisabled");
  }

  function showControls(names, on) {
    if (!names) return showBar(on);
    names.forEach(function (name) {
      bar.querySelectorAll('[data-control="' + CSS.escape(String(name)) + '"]').forEach(function (el) {
        if (on) el.removeAttribute("data-hidden");
        else el.setAttribute("data-hidden", "");
      });
    });
  }

  function showSubtitles(on) {
    var captions = Array.prototype.filter.call(video.textTracks, function (t) { return t.kind === "captions"; });
    var chosen = captions.filter(function (t) { return t.mode === "showing"; })[0];
    if (!chosen) {
      var marked = video.querySelector('track[kind="captions"][default]');
      chosen = marked ? marked.track : captions[0];
    }
    captions.forEach(function (t) { t.mode = on && t === chosen ? "showing" : "disabled"; });
  }

  function setTheme(theme) {
    Object.keys(theme || {}).forEach(function (field) {
      var value = String(theme[field]);
      if (!/^[#(),.\w %-]{1,64}$/.test(value)) return;
      var name = "--" + field.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
      document.documentElement.style.setProperty(name, value);
    });
  }

  function formatTime(seconds) {
    if (!isFinite(seconds)) seconds = 0;
    var whole = Math.floor(seconds);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  function refreshBar() {
    var playButton = bar.querySelector('[data-control="play"]');
    playButton.textContent = video.paused ? "Play" : "Pause";
    playButton.setAttribute("aria-label", playButton.textContent);
    var muteButton = bar.querySelector('[data-control="volume"]');
    muteButton.textContent = video.muted ? "Unmute" : "Mute";
    muteButton.setAttribute("aria-label", muteButton.textContent);
    var share = isFinite(video.duration) && video.duration > 0 ? video.currentTime / video.duration : 0;
    bar.querySelector(".played").style.width = share * 100 + "%";
    bar.querySelector(".time").textContent = formatTime(video.currentTime) + " / " + formatTime(video.duration);
  }

  // --- the SDK's commands and getters ---------------------------------------------------------
  var commands = {
    play: play,
    pause: function () { video.pause(); },
    mute: function () { video.muted = true; },
    unmute: function () { video.muted = false; },
    seek: function (m) { video.currentTime = clampTime(video.currentTime + Number(m.seek)); },
    setCurrentTime: function (m) { video.currentTime = clampTime(m.currentTime); },
    setVolume: function (m) { video.volume = Math.min(Math.max(Number(m.volume) || 0, 0), 1); },
    setLoop: function (m) { video.loop = !!m.loop; },
    setAutoplay: function (m) { video.autoplay = !!m.autoplay; },
    setPlaybackRate: function (m) { video.playbackRate = Number(m.rate) || 1; },
    setChromeless: function (m) {
      showBar(!m.chromeless);
      title.classList.toggle("hidden", !!m.chromeless);
    },
    hideControls: function (m) { showControls(m.controls, false); },
    showControls: function (m) { showControls(m.controls, true); },
    hideTitle: function () { title.classList.add("hidden"); },
    showTitle: function () { title.classList.remove("hidden"); },
    hidePoster: function () { video.removeAttribute("poster"); },
    showPoster: function () { if (poster) video.setAttribute("poster", poster); },
    hideSubtitles: function () { showSubtitles(false); },
    showSubtitles: function () { showSubtitles(true); },
    setTheme: function (m) { setTheme(m.theme); },
    setStyleProperty: function (m) {
      if (m.query === "video" && (m.property === "transform" || m.property === "object-fit")) {
        video.style.setProperty(m.property, String(m.value));
      }
    },
    requestFullscreen: function () { if (root.requestFullscreen) root.requestFullscreen().catch(function () {}); },
    exitFullscreen: function () { if (document.fullscreenElement) document.exitFullscreen().catch(function () {}); },
    requestPictureInPicture: function () {
      if (video.requestPictureInPicture) video.requestPictureInPicture().catch(function () {});
    },
    exitPictureInPicture: function () {
      if (document.pictureInPictureElement) document.exitPictureInPicture().catch(function () {});
    },
    loadConfig: function (m) {
      // Another video of the mock: the page of its URL, on this origin only.
      var next = new URL(String(m.url), location.href);
      if (next.origin === location.origin) location.replace(next.href);
    },
    destroy: function () {
      video.pause();
      if (hls) hls.destroy();
      hls = null;
    },
    setMinimalQuality: function () {},
    setMaximalQuality: function () {},
  };
  var getters = {
    getPaused: function () { return video.paused; },
    getPlaying: function () { return !video.paused && !video.ended; },
    getMuted: function () { return video.muted; },
    getDuration: function () { return video.duration; },
    getCurrentTime: function () { return video.currentTime; },
    getVolume: function () { return video.volume; },
    getLoop: function () { return video.loop; },
    getPlaybackRate: function () { return video.playbackRate; },
    getVideoSize: function () { return { width: video.videoWidth, height: video.videoHeight }; },
    isLiveStream: function () { return false; },
    getMp4Url: function () { return config.mp4 || null; },
  };

  window.addEventListener("message", function (event) {
    if (!sdk || event.source !== window.parent || event.origin !== sdk.origin) return;
    var m = event.data;
    if (!m || typeof m !== "object" || String(m.sdkPlayerId) !== String(sdk.id)) return;
    var arg;
    if (Object.prototype.hasOwnProperty.call(getters, m.message)) arg = getters[m.message]();
    else if (Object.prototype.hasOwnProperty.call(commands, m.message)) commands[m.message](m);
    if (m.callbackId) {
      window.parent.postMessage({ callbackId: m.callbackId, arg: arg, sdkPlayerId: sdk.id }, sdk.origin);
    }
  });

  // --- events -------------------------------------------------------------------------------
  video.addEventListener("loadedmetadata", function () {
    if (ready) return;
    ready = true;
    emit("ready");
  });
  video.addEventListener("play", function () {
    if (!played) emit("firstplay");
    played = true;
    emit("play");
  });
  ["pause", "ended", "seeking", "ratechange", "resize"].forEach(function (type) {
    video.addEventListener(type, function () { emit(type); });
  });
  video.addEventListener("error", function () { emit("error"); });
  video.addEventListener("timeupdate", function () { emit("timeupdate", { currentTime: video.currentTime }); });
  video.addEventListener("volumechange", function () { emit("volumechange", { volume: video.volume }); });
  ["play", "pause", "timeupdate", "volumechange", "durationchange", "seeked", "ended"].forEach(function (type) {
    video.addEventListener(type, refreshBar);
  });
  root.addEventListener("mouseenter", function () { emit("mouseenter"); });
  root.addEventListener("mouseleave", function () { emit("mouseleave"); });
  window.addEventListener("resize", function () { emit("playerresize"); });
  document.addEventListener("fullscreenchange", function () {
    emit("fullscreenchange", { isFullScreen: !!document.fullscreenElement });
  });
  window.addEventListener("hashchange", linkSdk);

  // --- the bar's own controls -------------------------------------------------------------------
  bar.querySelector('[data-control="play"]').addEventListener("click", function () {
    if (video.paused) play();
    else video.pause();
  });
  bar.querySelector('[data-control="volume"]').addEventListener("click", function () {
    video.muted = !video.muted;
  });
  bar.querySelector('[data-control="fullscreen"]').addEventListener("click", function () {
    if (document.fullscreenElement) commands.exitFullscreen();
    else commands.requestFullscreen();
  });
  bar.querySelector(".progress").addEventListener("click", function (event) {
    var box = event.currentTarget.getBoundingClientRect();
    if (isFinite(video.duration)) video.currentTime = clampTime(((event.clientX - box.left) / box.width) * video.duration);
  });

  // --- start ----------------------------------------------------------------------------------
  var chromeless = asked("chromeless", "chromeless");
  if (!config.controls || chromeless || asked("hideControls", "hide-controls")) bar.classList.add("hidden");
  if (config.hideTitle || chromeless || asked("hideTitle", "hide-title")) title.classList.add("hidden");
  if (asked("hidePoster", "hide-poster")) video.removeAttribute("poster");
  video.loop = config.loop || asked("loop", "loop");
  video.muted = query.get("muted") === "true";
  if (window.vidmockAnalytics) window.vidmockPlayback = window.vidmockAnalytics(config, video, query);
  linkSdk();
  load();
  if (asked("showSubtitles", "show-subtitles")) showSubtitles(true);
  if (config.autoplay || query.get("autoplay") === "true") play();
  refreshBar();
})();
