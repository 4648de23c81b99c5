-- atlas-pay journal, migration 1: the attempts table.
-- One row per attempt of an operation that moves money (pay, refund). It
-- holds no card number, CVV, client secret or passenger's data.
CREATE TABLE atlas_pay_attempts (
    id               BIGSERIAL PRIMARY KEY,
    operation        TEXT    NOT NULL,
    order_no         TEXT    NOT NULL,
    method           TEXT,
    amount           TEXT,
    currency         TEXT,
    card_brand       TEXT,
    card_last4       TEXT,
    attempted_at_ms  BIGINT  NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('sending', 'unknown', 'succeeded', 'failed')),
    -- 1 while the attempt keeps another one for its order from starting:
    -- open (sending, unknown), or succeeded when a success is final (a payment).
    blocks           BIGINT  NOT NULL CHECK (blocks IN (0, 1)),
    success_is_final BIGINT  NOT NULL CHECK (success_is_final IN (0, 1)),
    delivery         TEXT,
    status_code      BIGINT,
    reference        TEXT,
    settlement       TEXT,
    -- Who may settle an open attempt, until when: its sender while the call
    -- can last, then a recovery that claimed it.
    lease_owner      TEXT,
    lease_until_ms   BIGINT,
    updated_at_ms    BIGINT  NOT NULL
);

-- Single flight: at most one blocking attempt per operation and order,
-- whichever process or replica inserts it.
CREATE UNIQUE INDEX atlas_pay_attempts_single_flight
    ON atlas_pay_attempts (operation, order_no) WHERE blocks = 1;

CREATE INDEX atlas_pay_attempts_open
    ON atlas_pay_attempts (id) WHERE state IN ('sending', 'unknown');

CREATE INDEX atlas_pay_attempts_order ON atlas_pay_attempts (order_no);
