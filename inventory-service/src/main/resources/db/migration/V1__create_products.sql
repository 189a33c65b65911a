-- Catalog and stock. One row per product; availableQuantity is what can still be ordered.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE products (
    id                 uuid PRIMARY KEY,
    sku                varchar(64)    NOT NULL,
    name               varchar(200)   NOT NULL,
    description        varchar(2000)  NOT NULL DEFAULT '',
    price_amount       numeric(12, 2) NOT NULL CHECK (price_amount > 0),
    currency           varchar(3)     NOT NULL,
    available_quantity integer        NOT NULL CHECK (available_quantity >= 0),
    version            bigint         NOT NULL,
    created_at         timestamptz    NOT NULL,
    updated_at         timestamptz    NOT NULL,
    CONSTRAINT products_sku_unique UNIQUE (sku)
);

-- Keyset pagination: ORDER BY lower(name), id with a row comparison on the same expression.
-- COLLATE "C" makes the order the same on every server whatever its default collation.
CREATE INDEX products_name_order ON products ((lower(name) COLLATE "C"), id);

-- q = case-insensitive substring of name or sku: LIKE '%q%' can only use trigram indexes.
CREATE INDEX products_name_trgm ON products USING gin (lower(name) gin_trgm_ops);
CREATE INDEX products_sku_trgm ON products USING gin (lower(sku) gin_trgm_ops);
