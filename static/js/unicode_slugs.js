"use strict";
// The admin's slug prepopulation, made to match core.slugs.slugify_text: Django's URLify keeps
// letters and digits of any script but drops combining marks, so "हिन्दी" became "हनद". This keeps
// marks (\p{M}) and drops invisible format characters (soft hyphens, zero-width spaces) without a gap.
document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.URLify !== "function") {
        return;
    }
    const djangoURLify = window.URLify;
    window.URLify = function (s, numChars, allowUnicode) {
        if (!allowUnicode) {
            return djangoURLify(s, numChars, allowUnicode);
        }
        s = s.normalize("NFKC").toLowerCase();
        s = s.replace(/\p{Cf}/gu, "").replace(/[^-_\p{L}\p{M}\p{N}\s]/gu, "");
        s = s.trim().replace(/[-\s]+/g, "-");
        return Array.from(s).slice(0, numChars).join("").replace(/-+$/g, "");
    };
});
