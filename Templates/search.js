// Quire's search page: finds papers in the index the build wrote under search/ (see
// Sources/QuireKit/Search/SearchIndexWriter.swift for its format), in the browser, with no
// server and no request outside the site. Loads only the term shards and document chunks a
// query needs. Everything it shows is inserted as text (textContent), never as HTML.
(function () {
  'use strict';

  var form = document.getElementById('search-form');
  if (!form || !window.fetch || !window.TextEncoder || !window.Map) return;
  var root = form.getAttribute('data-root') || '/';
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var pageTitle = document.title;

  var PAGE = 20;               // results shown at a time
  var MAX_EXPANSIONS = 50;     // terms one word may stand for as a prefix
  var MAX_PREFIX_SHARDS = 8;   // shards a prefix may load; past that, only the whole word counts
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var encoder = new TextEncoder();

  // --- Loading -----------------------------------------------------------------------------

  var cache = new Map();
  function load(path) {
    if (!cache.has(path)) {
      cache.set(path, fetch(root + 'search/' + path).then(function (response) {
        if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
        return response.json();
      }).catch(function (error) {
        cache.delete(path);  // let a later query try again
        throw error;
      }));
    }
    return cache.get(path);
  }

  var index = null;
  function loadIndex() {
    return load('meta.json').then(function (meta) {
      if (!index) {
        index = {
          meta: meta,
          shards: new Set(meta.shards),
          shardList: meta.shards.slice(),
          stopwords: new Set(meta.stopwords),
          fold: new Map(Object.keys(meta.fold).map(function (key) { return [key, meta.fold[key]]; }))
        };
      }
      return index;
    });
  }

  var shardMaps = new Map();
  function loadShard(name) {
    return load('terms/' + name + '.json').then(function (flat) {
      if (!shardMaps.has(name)) {
        var terms = new Map();
        for (var i = 0; i + 1 < flat.length; i += 2) terms.set(flat[i], flat[i + 1]);
        shardMaps.set(name, terms);
      }
      return shardMaps.get(name);
    });
  }

  function loadDocuments(ids) {
    var size = index.meta.documentsPerChunk;
    var chunks = Array.from(new Set(ids.map(function (id) { return Math.floor(id / size); })));
    return Promise.all(chunks.map(function (chunk) { return load('docs/' + chunk + '.json'); })).then(function (loaded) {
      var documents = new Map();
      chunks.forEach(function (chunk, position) {
        loaded[position].forEach(function (doc, offset) { documents.set(chunk * size + offset, doc); });
      });
      return ids.map(function (id) { return documents.get(id); });
    });
  }

  // --- Terms, split exactly as SearchTokenizer.swift splits the papers -------------------------

  function separates(code) {
    return (code >= 0x2000 && code <= 0x2BFF) || (code >= 0x3000 && code <= 0x303F) ||
      (code >= 0xFE00 && code <= 0xFFFF) || code === 0x30FB || code >= 0x10000;
  }

  // Han, Hiragana, Katakana and Hangul: runs of them are split into overlapping pairs.
  function isCJK(code) {
    if (code < 0x1100) return false;
    if (code < 0x3000) return code <= 0x11FF;
    return (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0xAC00 && code <= 0xD7A3) ||
      (code >= 0x3041 && code <= 0x30FF && code !== 0x30FB) || (code >= 0x3400 && code <= 0x4DBF) ||
      code === 0x3005 || code === 0x3007 || (code >= 0x3130 && code <= 0x318F) ||
      (code >= 0x31F0 && code <= 0x31FF) || (code >= 0xA960 && code <= 0xA97F) ||
      (code >= 0xD7B0 && code <= 0xD7FF) || (code >= 0xF900 && code <= 0xFAFF) ||
      (code >= 0x20000 && code <= 0x3134F);
  }

  function tokenize(text) {
    var terms = [];
    var current = '';
    var run = [];
    function add(term) {
      if (terms.indexOf(term) < 0) terms.push(term);
    }
    function flush() {
      var bytes = encoder.encode(current).length;
      if (bytes >= index.meta.minTermBytes && bytes <= index.meta.maxTermBytes) add(current);
      current = '';
    }
    function endRun() {
      if (run.length === 1) add(run[0]);
      run = [];
    }
    for (var character of text.normalize('NFC')) {
      var code = character.codePointAt(0);
      if (isCJK(code)) {
        flush();
        if (run.length) add(run[run.length - 1] + character);
        run.push(character);
        continue;
      }
      endRun();
      if (code < 0x80) {
        if ((code >= 0x61 && code <= 0x7A) || (code >= 0x30 && code <= 0x39)) current += character;
        else if (code >= 0x41 && code <= 0x5A) current += String.fromCharCode(code + 0x20);
        else if (code !== 0x27) flush();
      } else if (code < 0x400) {
        var replacement = index.fold.has(character) ? index.fold.get(character) : character;
        if (replacement === ' ') flush(); else current += replacement;
      } else if (code === 0x2019) {
        // joins, like the apostrophe
      } else if (separates(code)) {
        flush();
      } else {
        current += character;
      }
    }
    flush();
    endRun();
    return terms;
  }

  // Shard file names spell a prefix's UTF-8 bytes: a-z and 0-9 as themselves, other bytes as -xx
  // (never a leading _, which Jekyll drops).
  function shardName(bytes) {
    if (bytes.length === 0) return '-';
    var name = '';
    for (var i = 0; i < bytes.length; i++) {
      var byte = bytes[i];
      if ((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)) name += String.fromCharCode(byte);
      else name += '-' + (byte < 0x10 ? '0' : '') + byte.toString(16);
    }
    return name;
  }

  // The shard holding `term` itself: the one of its longest prefix that has a shard.
  function homeShard(bytes) {
    for (var length = bytes.length; length >= 0; length--) {
      var name = shardName(bytes.subarray(0, length));
      if (index.shards.has(name)) return name;
    }
    return null;
  }

  function shardsFor(term, asPrefix) {
    var bytes = encoder.encode(term);
    var names = [];
    var home = homeShard(bytes);
    if (home) names.push(home);
    if (asPrefix) {
      var spelled = shardName(bytes);
      var deeper = index.shardList.filter(function (name) { return name !== home && name.startsWith(spelled); });
      if (deeper.length <= MAX_PREFIX_SHARDS) names = names.concat(deeper);
    }
    return names;
  }

  // --- Scoring -----------------------------------------------------------------------------

  // What a match in the title, a topic, organisation or author, and the abstract counts, as
  // the build ranked a capped term's postings (meta.json's fieldWeights).
  function fieldWeight(fields) {
    var weights = index.meta.fieldWeights;
    return (fields & 1 ? weights[0] : 0) + (fields & 2 ? weights[1] : 0) + (fields & 4 ? weights[2] : 0);
  }

  // A capped term's postings start with ~: the term is too common to list every paper that has
  // it, so only its most telling ones are (by field, then newest first).
  function isCapped(postings) {
    return postings.charAt(0) === '~';
  }

  // Adds each document of a posting list to `scores` with `factor` × its field weight, keeping
  // the best score per document.
  function addPostings(postings, factor, scores) {
    var document = 0;
    var parts = (isCapped(postings) ? postings.slice(1) : postings).split(',');
    for (var i = 0; i < parts.length; i++) {
      var value = parseInt(parts[i], 36);
      document += Math.floor(value / 8);
      var score = factor * fieldWeight(value % 8);
      var previous = scores.get(document);
      if (previous === undefined || previous < score) scores.set(document, score);
    }
  }

  // Scores of the documents that contain `term` (whole, or as a prefix when `asPrefix`); `capped`
  // when the term itself is capped.
  function matchWord(term, asPrefix) {
    var names = shardsFor(term, asPrefix);
    return Promise.all(names.map(loadShard)).then(function (shards) {
      var scores = new Map();
      var expansions = [];
      var capped = false;
      shards.forEach(function (terms) {
        var exact = terms.get(term);
        if (exact !== undefined) {
          addPostings(exact, 1, scores);
          capped = capped || isCapped(exact);
        }
        if (asPrefix) {
          terms.forEach(function (postings, candidate) {
            if (candidate !== term && candidate.startsWith(term)) expansions.push([candidate, postings]);
          });
        }
      });
      expansions.sort(function (a, b) { return a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1); });
      expansions.slice(0, MAX_EXPANSIONS).forEach(function (entry) { addPostings(entry[1], 0.5, scores); });
      return { scores: scores, capped: capped };
    });
  }

  // Ranked document numbers for a query: every word that is neither a stopword nor capped must
  // match (all of them when the query has no other); titles weigh most, then topics,
  // organisations and authors, then abstracts and notes; ties go to the newer paper (the lower
  // number).
  function search(query) {
    var words = tokenize(query);
    if (words.length === 0) return Promise.resolve({ words: words, ranked: [], capped: [] });
    var typing = !/\s$/.test(query);
    return Promise.all(words.map(function (word, position) {
      var asPrefix = word.length >= 3 || (typing && position === words.length - 1);
      return matchWord(word, asPrefix);
    })).then(function (matches) {
      var required = [];
      var optional = [];
      var capped = [];
      words.forEach(function (word, position) {
        if (matches[position].capped) capped.push(word);
        var common = index.stopwords.has(word) || matches[position].capped;
        (common ? optional : required).push(matches[position].scores);
      });
      if (required.length === 0) { required = optional; optional = []; }
      required.sort(function (a, b) { return a.size - b.size; });
      var ranked = [];
      required[0].forEach(function (score, document) {
        var total = score;
        for (var i = 1; i < required.length; i++) {
          var other = required[i].get(document);
          if (other === undefined) return;
          total += other;
        }
        optional.forEach(function (scores) { total += scores.get(document) || 0; });
        ranked.push([document, total]);
      });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { words: words, ranked: ranked.map(function (entry) { return entry[0]; }), capped: capped };
    });
  }

  // --- Showing results -----------------------------------------------------------------------

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function displayDate(iso) {
    var parts = iso.split('-');
    return MONTHS[Number(parts[1]) - 1] + ' ' + Number(parts[2]) + ', ' + parts[0];
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  // Appends `text` to `parent`, with the starts of words that match the query marked.
  function appendMarked(parent, text, pattern) {
    var last = 0;
    if (pattern) {
      for (var match of text.matchAll(pattern)) {
        parent.append(text.slice(last, match.index));
        parent.append(element('mark', '', match[0]));
        last = match.index + match[0].length;
      }
    }
    parent.append(text.slice(last));
  }

  function card(doc, pattern) {
    var item = element('li', 'card');
    var heading = element('h3', 'card-title');
    var link = element('a');
    link.setAttribute('href', root + doc.u);
    appendMarked(link, doc.t, pattern);
    heading.append(link);
    item.append(heading);

    var meta = element('p', 'meta');
    var date = doc.d || doc.l;
    if (date) {
      var time = element('time', '', displayDate(date));
      time.setAttribute('datetime', date);
      if (doc.d) meta.append(time); else meta.append('Listed ', time);
    } else {
      meta.append(element('span', '', 'Undated'));
    }
    // The stylesheet puts a dot between the items of a .meta line, as on the cards the build writes.
    if (doc.b) meta.append(element('span', '', doc.b));
    if (doc.v) {
      var upvotes = element('span', 'upvotes', '▲ ' + doc.v);
      upvotes.setAttribute('title', 'Upvotes on Hugging Face');
      meta.append(upvotes);
    }
    item.append(meta);
    item.append(element('p', 'excerpt', doc.x));

    var chips = element('ul', 'chips');
    (doc.c || []).forEach(function (number) {
      var topic = index.meta.topics[number];
      if (!topic) return;
      var chip = element('li');
      var chipLink = element('a', '', topic.t);
      chipLink.setAttribute('href', root + topic.u);
      chip.append(chipLink);
      chips.append(chip);
    });
    item.append(chips);
    return item;
  }

  var generation = 0;
  var current = { ranked: [], shown: 0, pattern: null };

  function showMore(run) {
    var ids = current.ranked.slice(current.shown, current.shown + PAGE);
    more.hidden = true;
    return loadDocuments(ids).then(function (docs) {
      if (run !== generation) return;
      docs.forEach(function (doc) { if (doc) list.append(card(doc, current.pattern)); });
      current.shown += ids.length;
      more.hidden = current.shown >= current.ranked.length;
    });
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function keepInURL(query) {
    var url = query ? location.pathname + '?q=' + encodeURIComponent(query) : location.pathname;
    history.replaceState(null, '', url);
    document.title = query ? 'Search: ' + query + ' · ' + pageTitle.replace(/^Search · /, '') : pageTitle;
  }

  function run() {
    var query = input.value;
    var run = ++generation;
    keepInURL(query.trim());
    if (!query.trim()) {
      list.replaceChildren();
      more.hidden = true;
      setStatus('');
      return;
    }
    loadIndex().then(function () {
      return search(query);
    }).then(function (found) {
      if (run !== generation) return;
      list.replaceChildren();
      var words = found.words.filter(function (word) { return !index.stopwords.has(word); });
      current = {
        ranked: found.ranked,
        shown: 0,
        // Latin words are marked where a word starts; CJK pairs wherever they are.
        pattern: words.length ? new RegExp(words.map(function (word) {
          return (isCJK(word.codePointAt(0)) ? '' : '(?<![\\p{L}\\p{N}])') + escapeRegExp(word);
        }).join('|'), 'giu') : null
      };
      var count = found.ranked.length;
      if (found.words.length === 0) setStatus('Type at least two letters.');
      else if (count === 0) setStatus('No paper matches “' + query.trim() + '”.');
      else setStatus((count === 1 ? '1 paper matches' : count + ' papers match') + ' “' + query.trim() + '”.' +
        (found.capped.length ? ' (“' + found.capped.join('”, “') + '” ' + (found.capped.length === 1 ? 'is' : 'are') +
          ' in too many papers to list them all: the most relevant are counted.)' : ''));
      return showMore(run);
    }).catch(function (error) {
      if (run !== generation) return;
      setStatus('The search index could not be loaded (' + error.message + '). Try again, or browse by topic or date.');
    });
  }

  var timer = 0;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener('click', function () { showMore(generation); });

  var initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run();
  }
})();
