-- Schema v7: the article body of each enriched source as plain text (paragraphs separated by blank
-- lines), kept locally: it verifies the lede and can feed local search. Pages publish only the
-- lede's excerpt. NULL for records written before v7 or pages without a recognised body.
ALTER TABLE articles ADD COLUMN text TEXT;
