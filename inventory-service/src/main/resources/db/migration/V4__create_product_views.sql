-- Product view counts, written behind: reads count in Redis, ViewFlush adds the counts here in batches.
-- No foreign key to products: a batch may still name a product deleted since it was viewed.
CREATE TABLE product_views (
    product_id uuid PRIMARY KEY,
    views bigint NOT NULL CHECK (views >= 0),
    updated_at timestamptz NOT NULL
);

-- One row per applied batch, committed with the batch's counts: a batch whose Redis copy outlived its commit
-- (the flushing instance died before deleting it) is recognised and dropped, never added twice.
CREATE TABLE product_view_batches (
    batch_id uuid PRIMARY KEY,
    flushed_at timestamptz NOT NULL
);
CREATE INDEX product_view_batches_flushed_at ON product_view_batches (flushed_at);
