namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// The read side's tables. One text for SQLite and PostgreSQL: both know <c>CREATE ... IF NOT EXISTS</c>, BIGINT, TEXT and
/// <c>INSERT ... ON CONFLICT</c>. Times are Unix milliseconds (UTC) in BIGINT columns, which both compare and index alike;
/// flags are 0/1 INTEGERs. Never the source of truth for credits: the actors are.
/// </summary>
internal static class ReadSideSchema
{
    public static readonly string[] Statements =
    [
        // Where the projection stands: the journal ordering of the last event it wrote, and when that event was written.
        """
        CREATE TABLE IF NOT EXISTS rs_offsets (
          name TEXT NOT NULL PRIMARY KEY,
          ordering BIGINT NOT NULL,
          event_written_at BIGINT NOT NULL,
          updated_at BIGINT NOT NULL)
        """,
        // balance and reserved as the ledger events left them; ledger_seq is the user journal's sequence number of the
        // last ledger event added in, so a replayed event is not added twice.
        """
        CREATE TABLE IF NOT EXISTS rs_users (
          user_id BIGINT NOT NULL PRIMARY KEY,
          first_name TEXT,
          username TEXT,
          username_lower TEXT,
          language TEXT,
          registered_at BIGINT,
          last_seen_at BIGINT,
          blocked INTEGER NOT NULL DEFAULT 0,
          banned INTEGER NOT NULL DEFAULT 0,
          balance BIGINT NOT NULL DEFAULT 0,
          reserved BIGINT NOT NULL DEFAULT 0,
          ledger_seq BIGINT NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS rs_users_username ON rs_users (username_lower)",
        "CREATE INDEX IF NOT EXISTS rs_users_registered ON rs_users (registered_at)",
        "CREATE INDEX IF NOT EXISTS rs_users_last_seen ON rs_users (last_seen_at)",
        """
        CREATE TABLE IF NOT EXISTS rs_orders (
          order_id TEXT NOT NULL PRIMARY KEY,
          user_id BIGINT NOT NULL,
          model_id TEXT NOT NULL,
          model_name TEXT,
          kind TEXT,
          prompt TEXT,
          variants INTEGER NOT NULL,
          unit_price BIGINT NOT NULL,
          language TEXT,
          opened_at BIGINT NOT NULL,
          delivered_at BIGINT)
        """,
        "CREATE INDEX IF NOT EXISTS rs_orders_user ON rs_orders (user_id, opened_at)",
        "CREATE INDEX IF NOT EXISTS rs_orders_opened ON rs_orders (opened_at)",
        // One row per variant (one generation job), keyed by its request id.
        """
        CREATE TABLE IF NOT EXISTS rs_jobs (
          request_id TEXT NOT NULL PRIMARY KEY,
          order_id TEXT,
          variant INTEGER,
          user_id BIGINT,
          model_id TEXT,
          kind TEXT,
          accepted_at BIGINT,
          attempts INTEGER NOT NULL DEFAULT 0,
          task_id TEXT,
          key_id TEXT,
          outcome TEXT,
          failure_class TEXT,
          failure_text_key TEXT,
          detail TEXT,
          finished_at BIGINT,
          settled_at BIGINT,
          reported_at BIGINT)
        """,
        "CREATE INDEX IF NOT EXISTS rs_jobs_order ON rs_jobs (order_id)",
        "CREATE INDEX IF NOT EXISTS rs_jobs_accepted ON rs_jobs (accepted_at)",
        "CREATE INDEX IF NOT EXISTS rs_jobs_finished ON rs_jobs (finished_at)",
        """
        CREATE TABLE IF NOT EXISTS rs_attempts (
          request_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          started_at BIGINT,
          task_id TEXT,
          family TEXT,
          key_id TEXT,
          submitted_at BIGINT,
          failure_class TEXT,
          failure_text_key TEXT,
          detail TEXT,
          retry_at BIGINT,
          failed_at BIGINT,
          PRIMARY KEY (request_id, attempt))
        """,
        "CREATE INDEX IF NOT EXISTS rs_attempts_task ON rs_attempts (task_id)",
        // Keyed by the user journal's position: an entry replayed is the same row.
        """
        CREATE TABLE IF NOT EXISTS rs_ledger (
          user_id BIGINT NOT NULL,
          seq_nr BIGINT NOT NULL,
          kind TEXT NOT NULL,
          ref_id TEXT NOT NULL,
          amount BIGINT NOT NULL,
          reason TEXT,
          at BIGINT NOT NULL,
          PRIMARY KEY (user_id, seq_nr))
        """,
        "CREATE INDEX IF NOT EXISTS rs_ledger_at ON rs_ledger (at)",
        "CREATE INDEX IF NOT EXISTS rs_ledger_ref ON rs_ledger (ref_id)",
        """
        CREATE TABLE IF NOT EXISTS rs_account_actions (
          user_id BIGINT NOT NULL,
          action_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          amount BIGINT NOT NULL,
          by_whom TEXT NOT NULL,
          reason TEXT,
          at BIGINT NOT NULL,
          PRIMARY KEY (user_id, action_id))
        """,
        "CREATE INDEX IF NOT EXISTS rs_account_actions_at ON rs_account_actions (at)",
        // One row per paid Stars charge, kept for good (retention never trims it): /refund finds the payer of any charge,
        // however old. Projected from the user's TopUpPaid, PaymentUnmatched (0 credits) and PaymentRefunded; stars is null
        // for a row carried over below.
        """
        CREATE TABLE IF NOT EXISTS rs_payments (
          charge_id TEXT NOT NULL PRIMARY KEY,
          user_id BIGINT NOT NULL,
          credits BIGINT NOT NULL,
          stars BIGINT,
          paid_at BIGINT NOT NULL,
          refunded_at BIGINT)
        """,
        "CREATE INDEX IF NOT EXISTS rs_payments_user ON rs_payments (user_id, paid_at)",
        // Charges projected before rs_payments existed live only in the ledger rows, which retention trims after 30 days:
        // carried over while the table is still empty (the first start of this build; a scan of the ledger's 30 days).
        // SUBSTR, not a range on ref_id: PostgreSQL's collations may order 'pay:' among other text unlike the bytes.
        """
        INSERT INTO rs_payments (charge_id, user_id, credits, stars, paid_at)
        SELECT SUBSTR(ref_id, 5), user_id, amount, NULL, at FROM rs_ledger
        WHERE kind = 'granted' AND SUBSTR(ref_id, 1, 4) = 'pay:' AND NOT EXISTS (SELECT 1 FROM rs_payments)
        ON CONFLICT (charge_id) DO NOTHING
        """,
        // Per day (UTC) and figure, summed from the detail rows before housekeeping removes them: the long view that
        // outlives the 30 days of detail. Recomputed from the detail, so a second summary of a day changes nothing.
        """
        CREATE TABLE IF NOT EXISTS rs_daily (
          day BIGINT NOT NULL,
          figure TEXT NOT NULL,
          dimension TEXT NOT NULL,
          value BIGINT NOT NULL,
          PRIMARY KEY (day, figure, dimension))
        """,
    ];
}
