/* leidraad Dutch word normaliser for the search: fold, words, stem (classic Snowball
   Dutch) and terms, rule for rule as src/dutch.rs, which builds the index; a parity test
   (tests/dutch_parity.rs) checks that both give the same tokens. Case is mapped per
   character and only in blocks whose mapping is stable across Unicode versions, so the
   browser's tables cannot disagree with Rust's. */
(function () {
  'use strict';

  /* U+00C0..U+017F: base letter; code for two letters (WIDE); '.' stays (x and /). */
  var LATIN = 'aaaaaaAceeeeiiiidnooooo.ouuuuyTSaaaaaaAceeeeiiiidnooooo.ouuuuyTy' +
    'aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiJJjjkkklllllllllln' +
    'nnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs';
  var WIDE = { A: 'ae', J: 'ij', O: 'oe', S: 'ss', T: 'th' };
  var LIGATURES = ['ff', 'fi', 'fl', 'ffi', 'ffl', 'st', 'st'];
  var APOSTROPHES = [0x2019, 0x2018, 0x201b, 0x2bc, 0x2032, 0xb4];
  /* Rust's char::is_alphanumeric. */
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  /* Latin Ext-B and IPA, Greek and Cyrillic, Phonetic Ext, Latin/Greek Ext, Latin Ext-C. */
  function cased(cp) {
    return (cp >= 0x180 && cp <= 0x2af) || (cp >= 0x370 && cp <= 0x52f) ||
      (cp >= 0x1d00 && cp <= 0x1dbf) || (cp >= 0x1e00 && cp <= 0x1fff) ||
      (cp >= 0x2c60 && cp <= 0x2c7f);
  }

  function foldChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp < 0x80) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : ch;
    if (cp >= 0xc0 && cp <= 0x17f) {
      var t = LATIN[cp - 0xc0];
      return t === '.' ? ch : WIDE[t] || t;
    }
    if (cp >= 0x300 && cp <= 0x36f) return '';
    if (APOSTROPHES.indexOf(cp) >= 0) return "'";
    if (cp === 0x1e9e) return 'ss';
    if (cp >= 0xfb00 && cp <= 0xfb06) return LIGATURES[cp - 0xfb00];
    return cased(cp) ? ch.toLowerCase() : ch;
  }

  function fold(text) {
    var out = '';
    for (var ch of String(text)) out += foldChar(ch);
    return out;
  }

  function isWordChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp < 0x80) return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57);
    return cased(cp) && ALNUM.test(ch);
  }

  function words(text) {
    var out = [];
    var cur = '';
    for (var ch of fold(text)) {
      if (isWordChar(ch)) {
        cur += ch;
      } else if (cur) {
        out.push(cur);
        cur = '';
      }
    }
    if (cur) out.push(cur);
    return out;
  }

  var VOWELS = { a: 1, e: 1, i: 1, o: 1, u: 1, y: 1, 'è': 1 };
  var ACCENTS = { 'ä': 'a', 'á': 'a', 'ë': 'e', 'é': 'e', 'ï': 'i', 'í': 'i', 'ö': 'o', 'ó': 'o', 'ü': 'u', 'ú': 'u' };

  function vowel(c) { return VOWELS[c] === 1; }

  /* The word as an array of characters; I and Y are the prelude's non-vowel markers. */
  function ends(w, s) {
    if (w.length < s.length) return false;
    for (var k = 0; k < s.length; k++) {
      if (w[w.length - s.length + k] !== s[k]) return false;
    }
    return true;
  }

  function before(w, at, c) { return at > 0 && w[at - 1] === c; }

  function consonantBefore(w, at) { return at > 0 && !vowel(w[at - 1]); }

  function undouble(w) {
    if (ends(w, 'kk') || ends(w, 'dd') || ends(w, 'tt')) w.pop();
  }

  function enEnding(w, start, p1) {
    var gem = start >= 3 && w[start - 3] === 'g' && w[start - 2] === 'e' && w[start - 1] === 'm';
    if (start >= p1 && consonantBefore(w, start) && !gem) {
      w.length = start;
      undouble(w);
    }
  }

  function eEnding(w, p1) {
    var start = w.length - 1;
    if (start >= 0 && w[start] === 'e' && start >= p1 && consonantBefore(w, start)) {
      w.length = start;
      undouble(w);
      return true;
    }
    return false;
  }

  /* Just past the first non-vowel after a vowel, from `from`; -1 if none. */
  function afterVowelConsonant(w, from) {
    var k = from;
    while (k < w.length && !vowel(w[k])) k++;
    while (k < w.length && vowel(w[k])) k++;
    return k < w.length ? k + 1 : -1;
  }

  function stem(word) {
    var w = Array.from(String(word), function (c) { return ACCENTS[c] || c; });
    var n = w.length;
    var k;
    if (w[0] === 'y') w[0] = 'Y';
    for (k = 1; k < n; k++) {
      if (!vowel(w[k - 1])) continue;
      if (w[k] === 'i' && k + 1 < n && vowel(w[k + 1])) w[k] = 'I';
      else if (w[k] === 'y') w[k] = 'Y';
    }

    /* R1 after the first consonant following a vowel, at least 3 letters in; R2 likewise
       after R1 (unadjusted); the word's end for words under 3 letters. */
    var p1 = n;
    var p2 = n;
    var r1 = n < 3 ? -1 : afterVowelConsonant(w, 0);
    if (r1 >= 0) {
      p1 = Math.max(r1, 3);
      var r2 = afterVowelConsonant(w, r1);
      if (r2 >= 0) p2 = r2;
    }

    /* Step 1: heden, ene, en, se, s. */
    if (ends(w, 'heden')) {
      if (n - 5 >= p1) w.splice(n - 5, 5, 'h', 'e', 'i', 'd');
    } else if (ends(w, 'ene')) {
      enEnding(w, n - 3, p1);
    } else if (ends(w, 'en')) {
      enEnding(w, n - 2, p1);
    } else if (ends(w, 'se') || ends(w, 's')) {
      var s = ends(w, 'se') ? n - 2 : n - 1;
      if (s >= p1 && consonantBefore(w, s) && !before(w, s, 'j')) w.length = s;
    }

    /* Step 2. */
    var eFound = eEnding(w, p1);

    /* Step 3a. */
    if (ends(w, 'heid')) {
      var h = w.length - 4;
      if (h >= p2 && !before(w, h, 'c')) {
        w.length = h;
        if (ends(w, 'en')) enEnding(w, h - 2, p1);
      }
    }

    /* Step 3b. */
    n = w.length;
    if (ends(w, 'end') || ends(w, 'ing')) {
      if (n - 3 >= p2) {
        w.length = n - 3;
        var m = w.length;
        if (ends(w, 'ig') && m - 2 >= p2 && !before(w, m - 2, 'e')) w.length = m - 2;
        else undouble(w);
      }
    } else if (ends(w, 'ig')) {
      if (n - 2 >= p2 && !before(w, n - 2, 'e')) w.length = n - 2;
    } else if (ends(w, 'lijk')) {
      if (n - 4 >= p2) {
        w.length = n - 4;
        eEnding(w, p1);
      }
    } else if (ends(w, 'baar')) {
      if (n - 4 >= p2) w.length = n - 4;
    } else if (ends(w, 'bar') && n - 3 >= p2 && eFound) {
      w.length = n - 3;
    }

    /* Step 4: CVD with V double a, e, o or u, D not I: one vowel goes. */
    n = w.length;
    if (n >= 4) {
      var v = w[n - 3];
      var d = w[n - 1];
      if (!vowel(d) && d !== 'I' && v === w[n - 2] && 'aeou'.indexOf(v) >= 0 && !vowel(w[n - 4])) {
        w.splice(n - 2, 1);
      }
    }

    return w.join('').replace(/[IY]/g, function (c) { return c.toLowerCase(); });
  }

  function terms(text) {
    return words(text).map(stem);
  }

  var api = { fold: fold, words: words, stem: stem, terms: terms };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof window !== 'undefined') window.leidraadDutch = api;
})();
