-- migrate・restore の後に毎回、madoguchi_owner で実行する（docs/deployment.md）:
--   psql "postgres://madoguchi_owner@db/madoguchi" -f deploy/postgresql-after-migrate.sql
-- restore（pg_restore --no-privileges）は権限を戻さないので、ここで付け直す。
GRANT USAGE ON SCHEMA public TO madoguchi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO madoguchi_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO madoguchi_app;
-- 監査ログは追記と参照だけ: 改ざん・削除はアプリのロールではできない
REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM madoguchi_app;
