// Marquee: small enhancements on top of pages that work without this file.
'use strict';

// == catalogue pages: "load more" on search ==
// Without this, "Load more results" is a link to the next page of results.
// With it, that page is fetched and its cards appended to the list in place:
// focus moves to the first new card and the live region says what happened.
(function () {
    var list = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    if (!list || !status || !window.fetch || !window.DOMParser) return;

    function loadMore(link) {
        link.setAttribute('aria-disabled', 'true');
        link.textContent = 'Loading…';
        return fetch(link.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
            .then(function (res) {
                if (!res.ok) throw new Error('status ' + res.status);
                return res.text();
            })
            .then(function (html) {
                var doc = new DOMParser().parseFromString(html, 'text/html');
                var more = doc.getElementById('search-results');
                var cards = more ? more.children : [];
                var first = null;
                for (var i = 0; i < cards.length; i++) {
                    var card = document.importNode(cards[i], true);
                    list.appendChild(card);
                    if (!first) first = card;
                }
                var next = doc.querySelector('a[data-load-more]');
                if (next) {
                    link.href = next.getAttribute('href');
                    link.textContent = 'Load more results';
                    link.removeAttribute('aria-disabled');
                } else {
                    link.parentNode.remove();
                }
                status.textContent = cards.length + (cards.length === 1 ? ' more result' : ' more results') +
                    ' loaded.' + (next ? '' : ' That is everything we found.');
                // Focus the first new card (or the last card when none came):
                // the link that had it may be gone.
                var target = (first || list.lastElementChild);
                target = target && target.querySelector('a');
                if (target) target.focus();
            });
    }

    document.addEventListener('click', function (e) {
        var link = e.target.closest && e.target.closest('a[data-load-more]');
        if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        if (link.getAttribute('aria-disabled') === 'true') return;
        var href = link.href;
        // If the page cannot be appended, go there as the link would have.
        loadMore(link).catch(function () { window.location.href = href; });
    });
})();

// == event page ==

// == account pages: favorites toggle in place ==
(() => {
  // A form sent back with errors: its summary is read first, and its links lead to the fields.
  document.getElementById('error-summary')?.focus();

  // What a toggle's button says, by what pressing it does next.
  const LABELS = { add: 'Save to favorites', remove: 'Saved — remove from favorites' };

  // The live region the toggles speak through: the favorites page has one; elsewhere one is
  // made at load, as a region added at the moment of speaking is often not read.
  function statusRegion() {
    let region = document.getElementById('fav-status');
    if (!region) {
      region = document.createElement('p');
      region.id = 'fav-status';
      region.className = 'vh';
      region.setAttribute('role', 'status');
      document.body.append(region);
    }
    return region;
  }
  if (document.querySelector('form.fav-toggle')) statusRegion();

  function eventName(button) {
    return (button.querySelector('.vh')?.textContent ?? '').replace(/^:\s*/, '');
  }

  // The favorites page: the card goes, focus moves to a neighbour's button (or the heading),
  // the count follows, and the empty state shows after the last one.
  function removeCard(form, page) {
    const card = form.closest('li');
    const near = card.nextElementSibling ?? card.previousElementSibling;
    const list = card.parentElement;
    card.remove();
    const count = page.querySelector('.fav-count');
    const n = Math.max(0, parseInt(count?.textContent ?? '0', 10) - 1);
    if (count) count.textContent = `${n} event${n === 1 ? '' : 's'}`;
    if (!list.querySelector('li')) {
      list.hidden = true;
      const empty = document.getElementById('fav-empty');
      if (empty) empty.hidden = false;
    }
    (near?.querySelector('form.fav-toggle button') ?? page.querySelector('h1')).focus();
  }

  // The same post as the form's, asking for a 204 (X-Requested-With); anything else (a
  // redirect to sign in, an expired form, no network) falls back to the plain post.
  async function toggle(form, button) {
    let ok = false;
    try {
      const res = await fetch(form.getAttribute('action'), {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'X-Requested-With': 'fetch' },
        credentials: 'same-origin',
        redirect: 'manual',
      });
      ok = res.status === 204;
    } catch {
      ok = false;
    }
    if (!ok) {
      form.submit(); // does not fire 'submit' again
      return;
    }
    // form.action would be the input named "action", not the URL.
    const action = form.elements.namedItem('action');
    const added = action.value === 'add';
    action.value = added ? 'remove' : 'add';
    button.setAttribute('aria-pressed', String(added));
    (button.querySelector('.fav-label') ?? button).textContent = LABELS[action.value];
    const name = eventName(button) || 'the event';
    statusRegion().textContent = added ? `Saved ${name} to your favorites` : `Removed ${name} from your favorites`;
    const page = form.closest('.favorites');
    if (page && !added) removeCard(form, page);
  }

  document.addEventListener('submit', (ev) => {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('form.fav-toggle')) return;
    ev.preventDefault();
    const button = form.querySelector('button');
    if (!button || button.getAttribute('aria-busy') === 'true') return; // one press at a time
    button.setAttribute('aria-busy', 'true');
    toggle(form, button).finally(() => button.removeAttribute('aria-busy'));
  });
})();

// == marketplace pages: checkout countdown ==
// The checkout's time left to pay, counted down every second from the
// hold's end (data-expires), corrected by the difference between this
// clock and the server's at render (data-now). Screen readers hear it once
// a minute and at the end, not every second. At zero the pay and cancel
// forms give way to the expiry message; the server refuses a lapsed hold
// whatever this page shows.
(function () {
  const clock = document.querySelector('time.countdown[data-expires]');
  const hold = clock && clock.closest('.mk-hold');
  if (!hold) return;
  const live = hold.querySelector('[data-countdown-live]');
  const skew = Date.now() - Number(clock.dataset.now || Date.now());
  const ends = Number(clock.dataset.expires) + skew;
  let minute = null;

  const msLeft = () => Math.max(0, ends - Date.now());
  const say = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} left to pay`;

  function expire() {
    const actions = hold.querySelector('[data-hold-actions]');
    const note = document.createElement('p');
    note.className = 'notice bad mk-expired';
    note.textContent = hold.dataset.expiredMessage;
    if (actions) {
      const hadFocus = actions.contains(document.activeElement);
      actions.replaceWith(note);
      if (hadFocus) {
        note.tabIndex = -1;
        note.focus();
      }
    }
    hold.querySelectorAll('.hint').forEach((h) => h.remove());
    if (live) live.textContent = hold.dataset.expiredMessage;
  }

  function tick() {
    const ms = msLeft();
    const s = Math.ceil(ms / 1000);
    clock.textContent = say(s);
    if (s === 0) {
      expire();
      return;
    }
    const m = Math.ceil(s / 60);
    if (live && minute !== null && m !== minute) {
      live.textContent = `${m} ${m === 1 ? 'minute' : 'minutes'} left to pay`;
    }
    minute = m;
    // Wake just after the next whole second, so the text never lags.
    setTimeout(tick, (ms % 1000 || 1000) + 20);
  }
  tick();
})();
