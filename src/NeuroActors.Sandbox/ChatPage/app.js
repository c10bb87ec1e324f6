// The sandbox chat page: plays a Telegram client against the Bot API sandbox's control API
// (/sandbox/telegram/...) and drives the simulated KIE (/sandbox/kie/...). No dependencies, no build step.
'use strict';

(() => {
  const TG = '/sandbox/telegram';
  const KIE = '/sandbox/kie';
  const TYPING_MS = 5000; // Telegram shows a chat action for 5 s or until the bot's next message.

  const ACTION_TEXT = {
    typing: 'typing…',
    upload_photo: 'sending a photo…',
    record_video: 'recording a video…',
    upload_video: 'sending a video…',
    record_voice: 'recording a voice message…',
    upload_voice: 'sending a voice message…',
    upload_document: 'sending a file…',
    choose_sticker: 'choosing a sticker…',
    find_location: 'finding a location…',
    record_video_note: 'recording a video message…',
    upload_video_note: 'sending a video message…',
  };

  const NEXT_TASK_KNOBS = {
    'content-policy': { outcome: 'content-policy' },
    'generation-failed': { outcome: 'generation-failed' },
    'never-finishes': { outcome: 'never-finishes' },
    'create-402': { createError: 402 },
    'create-429': { createError: 429 },
    'create-433': { createError: 433 },
    'create-455': { createError: 455 },
    'create-500': { createError: 500 },
    'create-505': { createError: 505 },
    'drop-create': { createFault: 'drop' },
    'poll-fail-3': { failingPolls: 3 },
  };

  const $ = (selector) => document.querySelector(selector);

  const page = {
    config: { bot_name: 'Bot', bot_username: 'bot', admin_ids: [], kie_simulator: false },
    users: [],
    userId: null,
    lastSeq: 0,
    events: null,
    typingTimer: null,
    commands: [],
    kieTimer: null,
  };

  // ---------- HTTP ----------

  async function call(method, url, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Error((json && json.error) || `${response.status} ${response.statusText}`);
    }
    return json;
  }

  const get = (url) => call('GET', url);
  const post = (url, body) => call('POST', url, body ?? {});
  const put = (url, body) => call('PUT', url, body);

  function reportError(error) {
    showToast('⚠️ ' + (error && error.message ? error.message : String(error)));
  }

  // ---------- Small DOM helpers ----------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child);
    }
    return node;
  }

  function formatTime(iso) {
    const date = new Date(iso);
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function formatSize(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  function safeUrl(url) {
    return /^(https?:|tg:|mailto:)/i.test(url || '') ? url : null;
  }

  let toastTimer = null;
  function showToast(text) {
    const toast = $('#toast');
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 3500);
  }

  function showAlert(text) {
    $('#alert-text').textContent = text;
    $('#alert').hidden = false;
  }

  // ---------- Formatting: plain text + Bot API entities, as a Telegram client renders them ----------

  function entityElement(entity, content) {
    switch (entity.type) {
      case 'bold': return el('b');
      case 'italic': return el('i');
      case 'underline': return el('u');
      case 'strikethrough': return el('s');
      case 'spoiler': return el('span', { class: 'spoiler', title: 'spoiler', onclick: (e) => e.currentTarget.classList.add('revealed') });
      case 'code': return el('code');
      case 'pre': return el('pre', { 'data-language': entity.language || null });
      case 'blockquote': return el('blockquote');
      case 'expandable_blockquote': return el('blockquote', { class: 'expandable', onclick: (e) => e.currentTarget.classList.toggle('expanded') });
      case 'text_link': return el('a', { href: safeUrl(entity.url), target: '_blank', rel: 'noopener noreferrer' });
      case 'url': return el('a', { href: safeUrl(/^[a-z]+:/i.test(content) ? content : 'https://' + content), target: '_blank', rel: 'noopener noreferrer' });
      case 'email': return el('a', { href: 'mailto:' + content });
      case 'bot_command': return el('a', { class: 'command', href: '#', onclick: (e) => { e.preventDefault(); sendText(content); } });
      case 'mention': case 'hashtag': case 'cashtag': case 'text_mention': case 'phone_number':
        return el('span', { class: 'link' });
      default: return el('span', { class: 'entity-' + entity.type });
    }
  }

  /** Builds nested elements from entities (offsets in UTF-16 code units, which JavaScript strings use too). */
  function renderFormatted(text, entities) {
    const root = el('div', { class: 'text' });
    const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
    const build = (parent, start, end, list) => {
      let position = start;
      let i = 0;
      while (i < list.length) {
        const entity = list[i];
        if (entity.offset < position) { i++; continue; } // partly overlapping: shown unformatted
        if (entity.offset > position) parent.append(text.slice(position, entity.offset));
        const entityEnd = Math.min(entity.offset + entity.length, end);
        const inner = [];
        let j = i + 1;
        while (j < list.length && list[j].offset < entityEnd) {
          if (list[j].offset + list[j].length <= entityEnd) inner.push(list[j]);
          j++;
        }
        const node = entityElement(entity, text.slice(entity.offset, entityEnd));
        build(node, entity.offset, entityEnd, inner);
        parent.append(node);
        position = entityEnd;
        i = j;
      }
      if (position < end) parent.append(text.slice(position, end));
    };
    build(root, 0, text.length, sorted);
    return root;
  }

  // ---------- Messages ----------

  function renderMedia(media) {
    const kind = media.kind;
    if (kind === 'photo') {
      const ratio = media.width && media.height ? `${media.width} / ${media.height}` : null;
      return el('a', { class: 'media photo', href: media.url, target: '_blank' },
        el('img', { src: media.url, alt: 'photo', loading: 'lazy', style: ratio ? `aspect-ratio: ${ratio}` : null }));
    }
    if (kind === 'video' || kind === 'video_note') {
      return el('video', { class: 'media video' + (kind === 'video_note' ? ' round' : ''), src: media.url, controls: true, preload: 'metadata', playsinline: true });
    }
    if (kind === 'animation') {
      return el('video', { class: 'media animation', src: media.url, autoplay: true, loop: true, muted: true, playsinline: true });
    }
    if (kind === 'audio' || kind === 'voice') {
      const title = kind === 'voice' ? '🎤 Voice message' : '🎵 ' + (media.file_name || 'Audio');
      const duration = media.duration ? ` · ${Math.floor(media.duration / 60)}:${String(media.duration % 60).padStart(2, '0')}` : '';
      return el('div', { class: 'media ' + kind },
        el('div', { class: 'media-title', text: title + duration }),
        el('audio', { src: media.url, controls: true, preload: 'metadata' }));
    }
    if (kind === 'sticker') {
      return el('img', { class: 'media sticker', src: media.url, alt: 'sticker' });
    }
    return el('a', { class: 'media document', href: media.url, download: media.file_name || 'file' },
      el('span', { class: 'doc-icon', text: '📄' }),
      el('span', { class: 'doc-info' },
        el('span', { class: 'doc-name', text: media.file_name || 'file' }),
        el('span', { class: 'doc-size', text: formatSize(media.size) + (media.mime_type ? ' · ' + media.mime_type : '') })));
  }

  function renderInvoice(message) {
    const invoice = message.invoice;
    const price = invoice.currency === 'XTR' ? `⭐ ${invoice.total_amount}` : `${invoice.total_amount} ${invoice.currency}`;
    return el('div', { class: 'invoice' },
      el('div', { class: 'invoice-title', text: invoice.title }),
      el('div', { class: 'invoice-description', text: invoice.description }),
      invoice.paid
        ? el('div', { class: 'invoice-paid', text: '✅ Paid ' + price })
        : el('button', { type: 'button', class: 'pay-button', text: 'Pay ' + price, onclick: () => pay(message.message_id) }));
  }

  function renderKeyboard(message) {
    if (!message.inline_keyboard || message.inline_keyboard.length === 0) return null;
    const keyboard = el('div', { class: 'inline-keyboard' });
    for (const row of message.inline_keyboard) {
      const rowElement = el('div', { class: 'keyboard-row' });
      for (const button of row) {
        rowElement.append(el('button', {
          type: 'button',
          class: 'inline-button' + (button.url ? ' url-button' : ''),
          'data-callback-data': button.callback_data,
          text: button.text + (button.url ? ' ↗' : ''),
          onclick: () => pressButton(message, button),
        }));
      }
      keyboard.append(rowElement);
    }
    return keyboard;
  }

  function renderMeta(message) {
    return el('div', { class: 'meta' },
      message.edit_count > 0 ? el('span', { class: 'edited', text: 'edited' }) : null,
      el('time', { datetime: message.date, text: formatTime(message.date) }));
  }

  function renderServiceText(message) {
    if (message.successful_payment) {
      const p = message.successful_payment;
      const until = p.subscription_expiration_date ? ` · subscription until ${String(p.subscription_expiration_date).slice(0, 10)}` : '';
      return `You paid ${p.currency === 'XTR' ? '⭐ ' + p.total_amount : p.total_amount + ' ' + p.currency}${until}`;
    }
    if (message.refunded_payment) {
      const p = message.refunded_payment;
      return `Refunded ${p.currency === 'XTR' ? '⭐ ' + p.total_amount : p.total_amount + ' ' + p.currency}`;
    }
    return null;
  }

  /** The inside of one message's bubble (not albums). */
  function renderBubble(message) {
    const bubble = el('div', { class: 'bubble' });
    if (message.media) bubble.append(renderMedia(message.media));
    if (message.invoice) bubble.append(renderInvoice(message));
    if (message.plain_text) bubble.append(renderFormatted(message.plain_text, message.entities));
    bubble.append(renderMeta(message));
    return bubble;
  }

  function messageElement(id) {
    return document.querySelector(`#messages [data-message-id="${id}"]`);
  }

  function scrollToBottom() {
    const list = $('#messages');
    list.scrollTop = list.scrollHeight;
  }

  /** Adds a message, or applies an edit in place (same element), keeping the message's position. */
  function upsertMessage(message) {
    if (message.deleted) { removeMessage(message.message_id); return; }
    if (message.from_bot) {
      updateReplyKeyboard(message);
      stopTyping();
    }
    if (message.media_group_id) { upsertAlbumItem(message); return; }

    const service = renderServiceText(message);
    const existing = messageElement(message.message_id);
    const row = existing || el('div', { 'data-message-id': message.message_id });
    row.className = 'msg ' + (message.from_bot ? 'from-bot' : 'from-user') + (service ? ' service' : '');
    row.replaceChildren(service ? el('div', { class: 'service-text', text: service }) : renderBubble(message));
    const keyboard = renderKeyboard(message);
    if (keyboard) row.append(keyboard);
    if (!existing) {
      $('#messages').append(row);
      scrollToBottom();
    }
  }

  /** Messages of one media group share a bubble: a grid of media, the caption below. */
  function upsertAlbumItem(message) {
    const list = $('#messages');
    let album = list.querySelector(`.msg[data-group-id="${message.media_group_id}"]`);
    if (!album) {
      album = el('div', { class: 'msg album-msg ' + (message.from_bot ? 'from-bot' : 'from-user'), 'data-group-id': message.media_group_id },
        el('div', { class: 'bubble' }, el('div', { class: 'album' }), el('div', { class: 'album-caption' }), el('div', { class: 'meta' })));
      list.append(album);
    }
    const grid = album.querySelector('.album');
    const item = grid.querySelector(`[data-message-id="${message.message_id}"]`) || el('div', { class: 'album-item', 'data-message-id': message.message_id });
    item.replaceChildren(renderMedia(message.media));
    item.dataset.caption = message.plain_text || '';
    item.dataset.entities = JSON.stringify(message.entities || []);
    if (!item.parentElement) grid.append(item);
    grid.dataset.count = String(grid.children.length);
    const captioned = [...grid.children].find((child) => child.dataset.caption);
    album.querySelector('.album-caption').replaceChildren(captioned ? renderFormatted(captioned.dataset.caption, JSON.parse(captioned.dataset.entities)) : '');
    album.querySelector('.meta').replaceWith(renderMeta(message));
    scrollToBottom();
  }

  function removeMessage(id) {
    const node = messageElement(id);
    if (!node) return;
    const album = node.closest('.album-msg');
    node.remove();
    if (album && album.querySelectorAll('.album-item').length === 0) album.remove();
  }

  function updateReplyKeyboard(message) {
    const markup = message.reply_markup;
    const bar = $('#reply-keyboard');
    if (message.reply_keyboard) {
      bar.replaceChildren(...message.reply_keyboard.map((row) =>
        el('div', { class: 'keyboard-row' }, ...row.map((text) => el('button', { type: 'button', class: 'reply-button', text, onclick: () => sendText(text) })))));
      bar.hidden = false;
    } else if (markup && markup.remove_keyboard) {
      bar.replaceChildren();
      bar.hidden = true;
    }
  }

  // ---------- Typing indicator ----------

  function showChatAction(action) {
    const status = $('#chat-status');
    status.textContent = ACTION_TEXT[action] || action;
    status.classList.add('typing');
    status.dataset.action = action;
    clearTimeout(page.typingTimer);
    page.typingTimer = setTimeout(stopTyping, TYPING_MS);
  }

  function stopTyping() {
    clearTimeout(page.typingTimer);
    const status = $('#chat-status');
    status.textContent = 'bot';
    status.classList.remove('typing');
    delete status.dataset.action;
  }

  // ---------- Users and chats ----------

  function currentUser() {
    return page.users.find((u) => u.id === page.userId) || null;
  }

  function isAdmin(id) {
    return page.config.admin_ids.includes(id);
  }

  function renderUsers() {
    const list = $('#user-list');
    const entries = page.users.map((user) => el('li', {
      class: 'user' + (user.id === page.userId ? ' active' : ''),
      'data-user-id': user.id,
      onclick: () => openChat(user.id),
    },
    el('span', { class: 'avatar small', text: (user.first_name || '?').slice(0, 1).toUpperCase() }),
    el('span', { class: 'user-name', text: user.first_name + (user.last_name ? ' ' + user.last_name : '') }),
    el('span', { class: 'user-tags' },
      isAdmin(user.id) ? el('span', { class: 'tag admin', text: 'admin' }) : null,
      el('span', { class: 'tag', text: user.language_code || '—' }),
      user.has_blocked_bot ? el('span', { class: 'tag blocked', text: 'blocked' }) : null)));
    const missingAdmins = page.config.admin_ids.filter((id) => !page.users.some((u) => u.id === id));
    for (const id of missingAdmins) {
      entries.push(el('li', { class: 'user admin-offer', 'data-admin-id': id, onclick: () => createUser({ id, first_name: 'Admin', language_code: 'en' }) },
        el('span', { class: 'avatar small', text: 'A' }),
        el('span', { class: 'user-name', text: `Admin (${id})` }),
        el('span', { class: 'user-tags' }, el('span', { class: 'tag admin', text: 'admin' }))));
    }
    list.replaceChildren(...entries);
  }

  async function refreshUsers() {
    const users = await get(`${TG}/users`);
    // Re-render only on a change, so a periodic refresh never replaces an element someone is clicking.
    if (JSON.stringify(users) === JSON.stringify(page.users)) return;
    page.users = users;
    renderUsers();
    updateComposer();
  }

  async function createUser(request) {
    try {
      const user = await post(`${TG}/users`, request);
      await refreshUsers();
      await openChat(user.id);
    } catch (error) {
      reportError(error);
    }
  }

  function updateComposer() {
    const user = currentUser();
    const open = user !== null;
    $('#empty-state').hidden = open;
    $('#composer').hidden = !open || !user.has_started_bot;
    $('#start-bar').hidden = !open || user.has_started_bot;
    $('#chat-user').textContent = open ? `as ${user.first_name} · ${user.language_code || '—'}` : '';
  }

  async function openChat(userId) {
    if (page.events) { page.events.close(); page.events = null; }
    page.userId = userId;
    stopTyping();
    $('#messages').replaceChildren();
    $('#reply-keyboard').hidden = true;
    $('#command-menu').hidden = true;
    renderUsers();
    updateComposer();
    const transcript = await get(`${TG}/chats/${userId}/transcript`);
    if (page.userId !== userId) return;
    $('#messages').dataset.chatId = String(userId);
    for (const message of transcript.messages) upsertMessage(message);
    stopTyping();
    page.lastSeq = transcript.last_seq;
    listen(userId);
    loadCommands();
  }

  /** Live changes of the open chat over server-sent events; EventSource resumes from Last-Event-ID by itself. */
  function listen(userId) {
    const source = new EventSource(`${TG}/chats/${userId}/events?after=${page.lastSeq}`);
    page.events = source;
    const onChange = (handler) => (event) => {
      if (page.userId !== userId) return;
      page.lastSeq = Number(event.lastEventId) || page.lastSeq;
      handler(JSON.parse(event.data));
    };
    source.addEventListener('message', onChange((change) => upsertMessage(change.message)));
    source.addEventListener('user_message', onChange((change) => upsertMessage(change.message)));
    source.addEventListener('edit', onChange((change) => upsertMessage(change.message)));
    source.addEventListener('delete', onChange((change) => removeMessage(change.message.message_id)));
    source.addEventListener('chat_action', onChange((change) => showChatAction(change.action)));
    source.addEventListener('callback_answer', onChange((change) => {
      const answer = change.callback_answer;
      if (answer && answer.text) (answer.show_alert ? showAlert : showToast)(answer.text);
    }));
    source.addEventListener('blocked', onChange(() => refreshUsers()));
    source.addEventListener('unblocked', onChange(() => refreshUsers()));
    source.onopen = () => $('#messages').classList.add('live');
  }

  // ---------- Sending ----------

  async function sendText(text) {
    const user = currentUser();
    if (!user || !text.trim()) return;
    try {
      await post(`${TG}/users/${user.id}/messages`, { text });
      if (!user.has_started_bot) await refreshUsers();
    } catch (error) {
      reportError(error);
    }
  }

  async function pressButton(message, button) {
    // An invoice link (createInvoiceLink: a subscription's, say) opens Telegram's payment form: here, pay it at once.
    if (button.url && /^https:\/\/t\.me\/\$/.test(button.url)) { payLink(button.url); return; }
    if (button.url) {
      const url = safeUrl(button.url);
      if (url) window.open(url, '_blank', 'noopener');
      return;
    }
    if (button.pay) { pay(message.message_id); return; }
    if (!button.callback_data) { showToast('This kind of button is not simulated in the sandbox'); return; }
    try {
      await post(`${TG}/users/${page.userId}/press`, { message_id: message.message_id, callback_data: button.callback_data, wait_ms: 0 });
    } catch (error) {
      reportError(error);
    }
  }

  async function pay(messageId) {
    try {
      const result = await post(`${TG}/users/${page.userId}/pay`, { message_id: messageId });
      if (result.status !== 'paid') showToast(result.status === 'declined' ? `Payment declined: ${result.error_message || ''}` : 'The bot did not confirm the payment in time');
    } catch (error) {
      reportError(error);
    }
  }

  async function payLink(url) {
    try {
      const result = await post(`${TG}/users/${page.userId}/pay-link`, { url });
      if (result.status !== 'paid') showToast(result.status === 'declined' ? `Payment declined: ${result.error_message || ''}` : 'The bot did not confirm the payment in time');
    } catch (error) {
      reportError(error);
    }
  }

  function readBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  function audioDuration(file) {
    return new Promise((resolve) => {
      const audio = new Audio();
      const url = URL.createObjectURL(file);
      const done = (seconds) => { URL.revokeObjectURL(url); resolve(seconds); };
      audio.onloadedmetadata = () => done(Number.isFinite(audio.duration) ? Math.max(1, Math.round(audio.duration)) : 1);
      audio.onerror = () => done(1);
      audio.src = url;
    });
  }

  /** A picture goes as a photo (with the composer's text as caption), anything else as a document. */
  async function sendFile(file) {
    const user = currentUser();
    if (!user) return;
    const text = $('#composer-text');
    const isPhoto = /^image\/(png|jpeg|gif|webp)$/.test(file.type);
    try {
      await post(`${TG}/users/${user.id}/${isPhoto ? 'photos' : 'documents'}`, {
        base64: await readBase64(file),
        file_name: file.name,
        mime_type: file.type || null,
        caption: text.value.trim() || null,
      });
      text.value = '';
    } catch (error) {
      reportError(error);
    }
  }

  async function sendVoice(file) {
    const user = currentUser();
    if (!user) return;
    try {
      await post(`${TG}/users/${user.id}/voices`, {
        base64: await readBase64(file),
        file_name: file.name,
        mime_type: file.type || 'audio/ogg',
        duration: await audioDuration(file),
      });
    } catch (error) {
      reportError(error);
    }
  }

  // ---------- The bot's command menu (setMyCommands) ----------

  /** Telegram's order for a private chat: the chat's own scope, all private chats, default; the user's language first. */
  function commandsFor(sets, chatId, language) {
    const scopes = [
      (s) => s.scope_type === 'chat' && s.scope_chat_id === chatId,
      (s) => s.scope_type === 'all_private_chats',
      (s) => s.scope_type === 'default',
    ];
    for (const inScope of scopes) {
      const candidates = sets.filter(inScope);
      const match = candidates.find((s) => language && s.language_code === language) || candidates.find((s) => !s.language_code);
      if (match && match.commands.length > 0) return match.commands;
    }
    return [];
  }

  async function loadCommands() {
    try {
      const user = currentUser();
      if (!user) return;
      const sets = await get(`${TG}/commands`);
      page.commands = commandsFor(sets, user.id, user.language_code);
    } catch (error) {
      page.commands = [];
    }
  }

  function showCommandMenu(filter) {
    const menu = $('#command-menu');
    const prefix = (filter || '').replace(/^\//, '').toLowerCase();
    const matches = page.commands.filter((c) => c.command.toLowerCase().startsWith(prefix));
    if (matches.length === 0) { menu.hidden = true; return; }
    menu.replaceChildren(...matches.map((c) => el('li', {
      'data-command': c.command,
      onclick: () => { menu.hidden = true; $('#composer-text').value = ''; sendText('/' + c.command); },
    }, el('span', { class: 'command-name', text: '/' + c.command }), el('span', { class: 'command-description', text: c.description }))));
    menu.hidden = false;
  }

  // ---------- Simulated KIE panel ----------

  function shortId(id) {
    return id.length > 10 ? '…' + id.slice(-8) : id;
  }

  function taskInput(task) {
    const input = task.input || {};
    const parts = [];
    if (task.prompt) parts.push(task.prompt);
    for (const [key, value] of Object.entries(input)) {
      if (key === 'prompt' || key === 'text') continue;
      if (typeof value === 'string' && value.length < 60) parts.push(`${key}: ${value}`);
      else if (Array.isArray(value)) parts.push(`${key}: ${value.length} item(s)`);
      else if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}: ${value}`);
    }
    return parts.join(' · ');
  }

  function renderTasks(tasks) {
    const rows = [...tasks].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((task) => {
      const finished = task.state === 'success' || task.state === 'fail';
      const state = task.state + (task.progress !== null && !finished ? ` ${task.progress}%` : '') + (task.failCode ? ` (${task.failCode})` : '');
      return el('tr', { 'data-task-id': task.taskId, 'data-state': task.state, class: 'state-' + task.state },
        el('td', { title: task.taskId, text: shortId(task.taskId) }),
        el('td', { class: 'model', text: task.model }),
        el('td', { class: 'input', title: task.failMsg || taskInput(task), text: taskInput(task) }),
        el('td', { class: 'state', text: state }),
        el('td', { class: 'actions' }, finished ? null : el('span', {},
          el('button', { type: 'button', title: 'Finish now with success', text: '✓', onclick: () => finishTask(task.taskId, 'success') }),
          el('button', { type: 'button', title: 'Fail now (generation failed)', text: '✗', onclick: () => finishTask(task.taskId, 'generation-failed') }))));
    });
    $('#kie-tasks tbody').replaceChildren(...rows);
  }

  function describeBehaviour(behaviour) {
    return Object.entries(behaviour).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`).join(', ') || 'no change';
  }

  async function refreshKie() {
    if (!page.config.kie_simulator || $('#kie').hidden) return;
    try {
      const [tasks, balance, behaviours] = await Promise.all([get(`${KIE}/tasks`), get(`${KIE}/balance`), get(`${KIE}/behaviours`)]);
      renderTasks(tasks);
      const balanceText = String(balance.balance);
      if ($('#kie-balance').textContent !== balanceText) $('#kie-balance').textContent = balanceText;
      $('#kie-knobs').replaceChildren(...behaviours.next.map((b, i) => el('div', { class: 'knob', text: `next task ${i + 1}: ${describeBehaviour(b)}` })),
        ...Object.entries(behaviours.models).map(([model, b]) => el('div', { class: 'knob', text: `${model}: ${describeBehaviour(b)}` })));
    } catch (error) {
      $('#kie-knobs').textContent = 'KIE control API: ' + error.message;
    }
  }

  async function finishTask(taskId, outcome) {
    try {
      await post(`${KIE}/tasks/${encodeURIComponent(taskId)}/finish`, { outcome });
      await refreshKie();
    } catch (error) {
      reportError(error);
    }
  }

  async function setBalance() {
    const value = Number($('#kie-balance-input').value);
    if (!$('#kie-balance-input').value || !Number.isFinite(value)) { showToast('Enter a balance'); return; }
    try {
      await put(`${KIE}/balance`, { balance: value });
      $('#kie-balance-input').value = '';
      await refreshKie();
      showToast(`KIE balance set to ${value}`);
    } catch (error) {
      reportError(error);
    }
  }

  async function applyNextTask() {
    const knob = NEXT_TASK_KNOBS[$('#kie-next-outcome').value] || {};
    const slowSeconds = Number($('#kie-next-slow').value);
    const behaviour = { ...knob };
    if ($('#kie-next-slow').value && Number.isFinite(slowSeconds)) behaviour.generatingMs = Math.round(slowSeconds * 1000);
    if (Object.keys(behaviour).length === 0) { showToast('Pick a failure or a generating time'); return; }
    try {
      await post(`${KIE}/behaviours/next`, behaviour);
      await refreshKie();
      showToast('The next KIE task will: ' + describeBehaviour(behaviour));
    } catch (error) {
      reportError(error);
    }
  }

  async function clearKnobs() {
    try {
      await call('DELETE', `${KIE}/behaviours`);
      await refreshKie();
    } catch (error) {
      reportError(error);
    }
  }

  function toggleKie(open) {
    $('#kie').hidden = !open;
    document.body.classList.toggle('kie-open', open);
    clearInterval(page.kieTimer);
    if (open && page.config.kie_simulator) {
      refreshKie();
      page.kieTimer = setInterval(refreshKie, 1000);
    }
  }

  // ---------- Wiring ----------

  function wire() {
    $('#new-user-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const name = $('#new-user-name').value.trim();
      createUser({ first_name: name || null, language_code: $('#new-user-lang').value });
      $('#new-user-name').value = '';
    });
    $('#start-button').addEventListener('click', () => sendText('/start'));
    $('#composer').addEventListener('submit', (e) => {
      e.preventDefault();
      const text = $('#composer-text');
      const value = text.value;
      text.value = '';
      $('#command-menu').hidden = true;
      sendText(value);
    });
    $('#composer-text').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        $('#composer').requestSubmit();
      }
    });
    $('#composer-text').addEventListener('input', (e) => {
      const value = e.target.value;
      if (/^\/\w*$/.test(value)) showCommandMenu(value);
      else $('#command-menu').hidden = true;
    });
    $('#menu-button').addEventListener('click', async () => {
      if (!$('#command-menu').hidden) { $('#command-menu').hidden = true; return; }
      await loadCommands();
      showCommandMenu('');
      if ($('#command-menu').hidden) showToast('The bot has published no commands');
    });
    $('#attach-input').addEventListener('change', (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) sendFile(file);
    });
    $('#voice-input').addEventListener('change', (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) sendVoice(file);
    });
    $('#kie-toggle').addEventListener('click', () => toggleKie($('#kie').hidden));
    $('#kie-balance-set').addEventListener('click', setBalance);
    $('#kie-next-apply').addEventListener('click', applyNextTask);
    $('#kie-clear').addEventListener('click', clearKnobs);
    $('#alert-ok').addEventListener('click', () => { $('#alert').hidden = true; });
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshUsers().catch(() => {}); });
  }

  async function start() {
    wire();
    try {
      page.config = await get('/sandbox/ui/config');
    } catch (error) {
      reportError(error);
    }
    $('#bot-name').textContent = page.config.bot_name;
    $('#bot-avatar').textContent = (page.config.bot_name || 'B').slice(0, 1).toUpperCase();
    $('#kie-unavailable').hidden = page.config.kie_simulator;
    $('#kie-controls').hidden = !page.config.kie_simulator;
    toggleKie(page.config.kie_simulator && window.innerWidth >= 900);
    await refreshUsers().catch(reportError);
    renderUsers(); // the admin entries, even before any user exists
    // Users created elsewhere (tests, the CLI) show up without a reload.
    setInterval(() => refreshUsers().catch(() => {}), 3000);
    const requested = Number(new URLSearchParams(location.search).get('user'));
    if (requested && page.users.some((u) => u.id === requested)) await openChat(requested);
    document.body.dataset.ready = 'true';
  }

  start();
})();
