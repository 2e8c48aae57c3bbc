// Passkeys (WebAuthn) for Kijun: register one, or use one as the second
// factor of a sign-in. A button with data-passkey="register" or "login"
// names the endpoints that begin and finish the ceremony.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  var status = document.getElementById("passkey-status");

  function show(message) {
    status.textContent = message;
    status.hidden = false;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token ? token.content : "" },
      body: body ? JSON.stringify(body) : "{}"
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) {
          throw new Error(data.error ? data.error.message : res.statusText);
        }
        return data;
      });
    });
  }

  function run(button) {
    var kind = button.dataset.passkey;
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
      show(document.documentElement.lang === "en" ? "This browser cannot use passkeys." : "このブラウザではパスキーを使えません。");
      return;
    }
    button.disabled = true;
    status.hidden = true;
    post(button.dataset.begin).then(function (options) {
      if (kind === "register") {
        return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey) });
      }
      return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey) });
    }).then(function (credential) {
      var url = button.dataset.finish;
      if (kind === "register") {
        var name = document.getElementById("passkey-name");
        url += "?name=" + encodeURIComponent(name ? name.value : "");
      }
      return post(url, credential.toJSON());
    }).then(function (result) {
      window.location.assign(result.next || "/");
    }).catch(function (err) {
      button.disabled = false;
      show(err.message);
    });
  }

  document.querySelectorAll("[data-passkey]").forEach(function (button) {
    button.addEventListener("click", function () { run(button); });
  });
})();
