-- saidwho store, schema version 5. Every statement is idempotent: Store.open runs this file
-- on every open. A change to a table means a new version (SCHEMA_VERSION in store.py).

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- One row per article. id is the store key: the content hash of the text (Article.id), or a
-- hash of it and the URL when the URL is known, so one text published at two URLs is two rows.
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL,                  -- ingest order, 1, 2, ...
    content_hash VARCHAR NOT NULL,        -- Article.id
    source VARCHAR NOT NULL,
    url VARCHAR,
    outlet VARCHAR,                       -- --outlet, else Article.site, else the URL's host (rows.outlet_of)
    title VARCHAR,
    authors VARCHAR[] NOT NULL,
    published DATE,
    text VARCHAR NOT NULL,
    body JSON NOT NULL,                   -- [[start, end], ...]
    boilerplate JSON NOT NULL,            -- [{"start", "end", "text"}, ...]
    attribution_count INTEGER NOT NULL,
    speaker_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);

-- Canonical speakers across the corpus (see saidwho/resolve/canonical.py for the merging rules).
CREATE TABLE IF NOT EXISTS speakers (
    id VARCHAR PRIMARY KEY,               -- "P" + hash of key
    key VARCHAR NOT NULL,                 -- e.g. person:aki peritz, surname:clinton, anon:<article>/S2
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    named BOOLEAN NOT NULL,
    anonymous BOOLEAN NOT NULL,
    surname VARCHAR,                      -- persons only, normalised
    aliases VARCHAR[] NOT NULL,           -- names seen, first-seen order
    descriptors VARCHAR[] NOT NULL,       -- descriptors seen, first-seen order
    article_count INTEGER NOT NULL,
    statement_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS speakers_key ON speakers (key);
CREATE INDEX IF NOT EXISTS speakers_surname ON speakers (surname);

-- The per-article speaker records (Article.speakers), each pointing at its canonical speaker.
CREATE TABLE IF NOT EXISTS article_speakers (
    article_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,                  -- Speaker.id, unique within the article
    canonical_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    named BOOLEAN NOT NULL,
    anonymous BOOLEAN NOT NULL,
    anonymity_reason VARCHAR,
    descriptors VARCHAR[] NOT NULL,
    recipient VARCHAR,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX IF NOT EXISTS article_speakers_canonical ON article_speakers (canonical_id);

CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    article_speaker_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions (article_id);

-- One row per statement (Article.attributions). outlet and published are copied from the
-- article so that the list queries filter and group without a join.
CREATE TABLE IF NOT EXISTS attributions (
    rid BIGINT PRIMARY KEY,               -- ingest order across the store, 1, 2, ...
    article_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,                  -- Attribution.id (A1, A2...): link /articles/{article_id}#{id}
    kind VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    source_start INTEGER,
    source_end INTEGER,
    source_text VARCHAR,
    cue_start INTEGER NOT NULL,
    cue_end INTEGER NOT NULL,
    cue_text VARCHAR NOT NULL,
    content_spans JSON NOT NULL,          -- [[start, end], ...]
    content_text VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,      -- the sentence(s) holding source, cue and content
    sentence_end INTEGER NOT NULL,
    sentence VARCHAR NOT NULL,            -- text[sentence_start:sentence_end], for result lists
    article_speaker_id VARCHAR,           -- Attribution.speaker
    canonical_id VARCHAR,                 -- speakers.id
    speaker_type VARCHAR,                 -- copied from the speaker, for the source-mix queries
    speaker_named BOOLEAN,
    speaker_anonymous BOOLEAN,
    outlet VARCHAR,
    published DATE,
    parent VARCHAR                        -- Attribution.parent: the id of the statement it is nested in
);
-- A version-3 store's statements gain parent (NULL); DuckDB alters no table an index depends
-- on, so the indexes are made after.
DROP INDEX IF EXISTS attributions_article;
DROP INDEX IF EXISTS attributions_canonical;
DROP INDEX IF EXISTS attributions_outlet;
ALTER TABLE attributions ADD COLUMN IF NOT EXISTS parent VARCHAR;
CREATE INDEX IF NOT EXISTS attributions_article ON attributions (article_id);
CREATE INDEX IF NOT EXISTS attributions_canonical ON attributions (canonical_id);
CREATE INDEX IF NOT EXISTS attributions_outlet ON attributions (outlet);

-- Search index over attributions.content_text: one row per distinct term of a statement.
CREATE TABLE IF NOT EXISTS statement_terms (
    term VARCHAR NOT NULL,
    rid BIGINT NOT NULL,
    tf INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS statement_terms_term ON statement_terms (term);

-- The one tokeniser, used when indexing and when searching: accents stripped, lower case,
-- split on anything but a-z and 0-9, one-letter tokens and a few function words dropped.
CREATE MACRO IF NOT EXISTS saidwho_tokens(s) AS list_filter(
    regexp_split_to_array(strip_accents(lower(s)), '[^a-z0-9]+'),
    lambda t: length(t) > 1 AND NOT list_contains(
        ['an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'in', 'is', 'it', 'of', 'on', 'or',
         'that', 'the', 'to', 'was', 'with'], t)
);

-- Claims (saidwho/claims/group.py, saidwho/store/claims.py): statements grouped by what
-- they state, filled by each ingest batch. Since schema version 2.
CREATE TABLE IF NOT EXISTS claims (
    id BIGINT PRIMARY KEY,                -- 1, 2, ...: stable across ingests
    text VARCHAR NOT NULL,                -- the representative: its first statement's content
    rid BIGINT NOT NULL,                  -- that statement (attributions.rid)
    statement_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    speaker_count INTEGER NOT NULL,       -- distinct canonical speakers
    for_count INTEGER NOT NULL,           -- statements per stance (claim_statements.stance)
    against_count INTEGER NOT NULL,
    observing_count INTEGER NOT NULL,
    first_seen DATE,                      -- earliest and latest publication date of its statements
    last_seen DATE,
    vector BLOB NOT NULL,                 -- mean of its statements' unit vectors: int8, times scale
    scale FLOAT NOT NULL
);

-- Which claim each statement states, and the statement's speaker's stance toward it.
CREATE TABLE IF NOT EXISTS claim_statements (
    rid BIGINT PRIMARY KEY,               -- attributions.rid
    claim_id BIGINT NOT NULL,
    article_id VARCHAR NOT NULL,          -- with attribution_id: /articles/{article_id}#{attribution_id}
    attribution_id VARCHAR NOT NULL,
    relevance DOUBLE NOT NULL,            -- similarity to the claim's other statements when grouped
    stance VARCHAR NOT NULL,              -- the speaker's: for, against, observing, unrelated
    score DOUBLE NOT NULL,
    content_stance VARCHAR NOT NULL,      -- the stance model's reading of the content alone
    basis VARCHAR NOT NULL,               -- what decided the stance: content, cue:<word>, chain, hedge:<word>
    vector BLOB,                          -- the content's unit vector: int8, times scale (since version 3)
    scale FLOAT
);
-- A version-2 store's statements gain the columns (NULL: typed boards embed them on demand);
-- DuckDB alters no table an index depends on, so the index is made after.
DROP INDEX IF EXISTS claim_statements_claim;
ALTER TABLE claim_statements ADD COLUMN IF NOT EXISTS vector BLOB;
ALTER TABLE claim_statements ADD COLUMN IF NOT EXISTS scale FLOAT;
CREATE INDEX IF NOT EXISTS claim_statements_claim ON claim_statements (claim_id);

-- Claims merged into an older one when later statements showed them to be the same claim
-- (saidwho.claims.group.ClaimIndex): the absorbed id still finds its claim. Since version 3.
CREATE TABLE IF NOT EXISTS claim_merges (
    id BIGINT PRIMARY KEY,                -- the absorbed claim's id
    into_id BIGINT NOT NULL,              -- the claim that absorbed it (itself maybe merged later)
    merged_at TIMESTAMP NOT NULL
);

-- The speaker stance of statements read against a typed claim's text (saidwho.claims.decide),
-- so that a second look at a typed board reads nothing again. Since version 4.
CREATE TABLE IF NOT EXISTS stance_reads (
    claim_text VARCHAR NOT NULL,          -- the stance model's fingerprint, ':', the typed text (spaces folded, lower case)
    rid BIGINT NOT NULL,                  -- attributions.rid
    stance VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    basis VARCHAR NOT NULL,
    content_stance VARCHAR NOT NULL,
    PRIMARY KEY (claim_text, rid)
);

-- Reviewers' corrections (saidwho/review, saidwho/store/corrections.py). Each names what it
-- changes by its words (target: the statement's cue and content, or a speaker's mention,
-- each with its text), keeps the value it replaced (machine), and is applied over the
-- extractor's record of its article whenever the article's rows are written again, so it
-- survives re-extraction (ingest --replace), claims --rebuild and merges. Since version 5.
CREATE TABLE IF NOT EXISTS corrections (
    id BIGINT PRIMARY KEY,                -- 1, 2, ...: the order they apply in
    key VARCHAR NOT NULL,                 -- fingerprint of the request: sent again while it stands, it is not kept twice
    article_id VARCHAR NOT NULL,          -- articles.id (moves with the article to its new text on ingest --replace)
    url VARCHAR,
    op VARCHAR NOT NULL,                  -- source cue content speaker stance delete canonical type name anonymous add
    target JSON NOT NULL,                 -- what it changes, by its words (saidwho.review.records.Target)
    value JSON,                           -- the reviewed value, typed by op
    machine JSON,                         -- the value it replaced when made (a stance's: the model's, kept current)
    canonical_id VARCHAR,                 -- a store speaker it names: follows speaker merges
    reviewer VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    undone_at TIMESTAMP,                  -- undone corrections stay, as history
    undone_by VARCHAR,
    status VARCHAR NOT NULL,              -- applied, or stale: its words are gone (problem says why); never applied elsewhere
    problem VARCHAR,
    landed VARCHAR                        -- the attribution (A3, R12) or article speaker (S2) it applies to now
);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections (article_id);

-- The extractor's own record of each reviewed article, which its corrections are applied over.
CREATE TABLE IF NOT EXISTS machine_articles (
    article_id VARCHAR PRIMARY KEY,
    record JSON NOT NULL                  -- the Article record as extracted (saidwho extract's JSON)
);
