// 9.2.2: the stocktake's counting page reads a label's QR code through the
// phone's camera where the browser offers BarcodeDetector; elsewhere the
// button stays hidden and the ID is typed, which always works.
(function () {
  "use strict";
  var box = document.getElementById("scanner");
  var code = document.getElementById("code");
  if (!box || !code || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var start = document.getElementById("scan-start");
  var stop = document.getElementById("scan-stop");
  var video = document.getElementById("scan-video");
  var stream = null;
  var detector;
  try {
    detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  } catch (e) {
    return;
  }
  box.hidden = false;

  function end() {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function look() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (found) {
      if (found.length > 0 && found[0].rawValue) {
        code.value = found[0].rawValue;
        end();
        code.focus();
        return;
      }
      window.requestAnimationFrame(look);
    }, function () {
      window.requestAnimationFrame(look);
    });
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      stop.hidden = false;
      start.hidden = true;
      return video.play();
    }).then(look, function () {
      end();
      code.focus();
    });
  });
  stop.addEventListener("click", end);
})();
