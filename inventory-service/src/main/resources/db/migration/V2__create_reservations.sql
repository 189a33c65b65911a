-- The order saga's stock side: at most one reservation per order (the order id is the key), and what it set aside.
-- Stock itself stays in products.available_quantity (CHECK >= 0): a reservation records what was taken from it.
CREATE TABLE reservations (
    order_id   uuid        PRIMARY KEY,
    status     varchar(16) NOT NULL CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'REJECTED')),
    version    bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One line per product: an order's repeated products are added up before they are reserved.
-- No foreign key to products: a product may be deleted while a reservation still remembers it.
CREATE TABLE reservation_lines (
    order_id   uuid    NOT NULL REFERENCES reservations (order_id) ON DELETE CASCADE,
    product_id uuid    NOT NULL,
    quantity   integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);
