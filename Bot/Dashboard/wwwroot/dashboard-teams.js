// Inside Teams: get a single sign-on token from Teams, trade it for a dashboard session, open the view in the
// user's Teams language. On the channel tab's configuration page: save the tab (the deal is the channel's own).
(function () {
  'use strict';
  var teams = window.microsoftTeams;

  function language(context) {
    var locale = (context && context.app && context.app.locale) || '';
    return locale.toLowerCase().indexOf('en') === 0 ? 'en' : 'nl';
  }

  function showFailure(root) {
    var status = root.querySelector('[role=status]');
    status.textContent = root.getAttribute('data-failed');
  }

  function openView(root) {
    teams.app.initialize().then(function () {
      return teams.app.getContext();
    }).then(function (context) {
      return teams.authentication.getAuthToken().then(function (token) {
        return fetch('/dashboard/session', { method: 'POST', headers: { Authorization: 'Bearer ' + token }, credentials: 'include' });
      }).then(function (response) {
        if (!response.ok) { throw new Error('session ' + response.status); }
        var lang = language(context);
        if (root.getAttribute('data-view') === 'deal' && context.channel && context.channel.id) {
          window.location.replace('/dashboard/deal?channel=' + encodeURIComponent(context.channel.id) + '&lang=' + lang);
        } else {
          window.location.replace('/dashboard/programme?lang=' + lang);
        }
      });
    }).catch(function () { showFailure(root); });
  }

  function configure(root) {
    teams.app.initialize().then(function () {
      teams.pages.config.registerOnSaveHandler(function (saveEvent) {
        var base = window.location.origin + '/dashboard/teams?view=deal';
        teams.pages.config.setConfig({
          entityId: 'citydealbot-deal-dashboard',
          contentUrl: base,
          websiteUrl: base,
          suggestedDisplayName: root.getAttribute('data-name')
        }).then(function () { saveEvent.notifySuccess(); }, function (error) { saveEvent.notifyFailure(String(error)); });
      });
      teams.pages.config.setValidityState(true);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!teams) { return; }
    var shell = document.getElementById('teams');
    if (shell) { openView(shell); }
    var config = document.getElementById('configure');
    if (config) { configure(config); }
  });
}());
