/* vidmock's api.video player page: playback reports to the mock's collector, in the shape
 * api.video's player sends to its own (`@api.video/player-analytics`): each ping is
 * {emitted_at, session: {loaded_at, video_id, referrer, metadata, session_id}, events: [...]},
 * and the first answer names the session the later pings add to. One page load is one session.
 * Pings go one after another (a later one carries the session id the first got back): at each
 * event, every 10 s while playing, and when the page goes away. */
(function () {
  "use strict";

  var HEARTBEAT_MS = 10000;

  window.vidmockAnalytics = function (config, video, query) {
    var loadedAt = new Date().toISOString();
    var metadata = [];
    query.forEach(function (value, key) {
      var named = /^metadata\[(.+)\]$/.exec(key);
      if (named) {
        var pair = {};
        pair[named[1]] = value;
        metadata.push(pair);
      }
    });
    var sessionId = null;
    var queue = [];
    var sending = Promise.resolve();
    var ready = false;
    var started = false;
    var finished = false;
    var playhead = 0; // the last settled position (s): where a seek starts from
    var heartbeat = null;

    function ping() {
      var session = {
        loaded_at: loadedAt,
        video_id: config.videoId,
        referrer: document.referrer,
        metadata: metadata,
      };
      if (sessionId) session.session_id = sessionId;
      var events = queue;
      queue = [];
      return JSON.stringify({ emitted_at: new Date().toISOString(), session: session, events: events });
    }

    function send(always) {
      sending = sending.then(function () {
        if (!queue.length && !always) return null;
        return fetch(config.collector + "?t=" + Date.now(), {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: ping(),
          keepalive: true,
        })
          .then(function (answer) { return answer.ok ? answer.json() : null; })
          .then(function (answer) {
            if (answer && answer.session) sessionId = answer.session;
          })
          .catch(function () { /* a report lost is not the viewer's problem */ });
      });
    }

    function record(type, fields) {
      var event = { type: type, emitted_at: new Date().toISOString() };
      for (var name in fields) event[name] = fields[name];
      queue.push(event);
      send(false);
    }

    function beat(on) {
      if (on && heartbeat === null) heartbeat = setInterval(function () { send(true); }, HEARTBEAT_MS);
      if (!on && heartbeat !== null) {
        clearInterval(heartbeat);
        heartbeat = null;
      }
    }

    video.addEventListener("loadedmetadata", function () {
      if (ready) return;
      ready = true;
      record("ready", { at: video.currentTime });
    });
    video.addEventListener("play", function () {
      record(started && !finished ? "resume" : "play", { at: video.currentTime });
      started = true;
      finished = false;
      beat(true);
    });
    video.addEventListener("pause", function () {
      beat(false);
      if (!video.seeking) playhead = video.currentTime; // a seek from here starts where it paused
      // The end of the video pauses it too: that is reported as `end`.
      if (!video.ended) record("pause", { at: video.currentTime });
    });
    video.addEventListener("ended", function () {
      beat(false);
      finished = true;
      record("end", { at: video.duration });
    });
    ["timeupdate", "seeked"].forEach(function (type) {
      video.addEventListener(type, function () {
        if (!video.seeking) playhead = video.currentTime;
      });
    });
    video.addEventListener("seeking", function () {
      var to = video.currentTime;
      // Positions are reported in whole seconds: a nudge within one (hls.js stepping over a
      // gap between segments) is no seek of the viewer's.
      if (Math.round(to) !== Math.round(playhead)) {
        record(to > playhead ? "seek.forward" : "seek.backward", { from: playhead, to: to });
      }
      playhead = to;
    });
    window.addEventListener("pagehide", function () {
      beat(false);
      if (sessionId && navigator.sendBeacon) {
        navigator.sendBeacon(config.collector, new Blob([ping()], { type: "application/json" }));
      } else {
        send(true);
      }
    });

    return {
      flush: function () { send(true); return sending; },
      session: function () { return sessionId; },
    };
  };
})();
