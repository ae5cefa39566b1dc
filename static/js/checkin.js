// 签到定位 on the visit form: asks the browser's Geolocation API for the phone's place and puts it
// in the form's hidden fields. Declining is fine: the form is sent without a place ("未授权定位").
// The check-in time is the server's, set when the form arrives; nothing here sends a time.
(function () {
  var box = document.querySelector("[data-checkin]");
  if (!box) return;
  var form = box.closest("form");
  var status = box.querySelector("[data-checkin-status]");
  var retry = box.querySelector("[data-checkin-retry]");

  function set(name, value) {
    form.elements[name].value = value === null || value === undefined ? "" : String(value);
  }

  function show(text) {
    status.textContent = "签到时间以提交时服务器时间为准。" + text;
  }

  function locate() {
    if (!("geolocation" in navigator)) {
      set("location", "unavailable");
      show("此浏览器不支持定位，将不带定位签到。");
      return;
    }
    show("正在请求定位…");
    navigator.geolocation.getCurrentPosition(function (position) {
      var c = position.coords;
      set("location", "given");
      set("latitude", c.latitude.toFixed(6));
      set("longitude", c.longitude.toFixed(6));
      set("accuracy", Math.round(c.accuracy));
      show("已定位（精度约 " + Math.round(c.accuracy) + " 米）。");
    }, function (error) {
      set("latitude", null);
      set("longitude", null);
      set("accuracy", null);
      var declined = error.code === error.PERMISSION_DENIED;
      set("location", declined ? "declined" : "unavailable");
      show(declined ? "您未允许定位，将不带定位签到。" : "暂时无法定位，可点“重新定位”，或不带定位签到。");
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  retry.addEventListener("click", locate);
  locate();
})();
