-- PostgreSQL の最小権限ロール（docs/deployment.md）。postgres（管理者）で1回実行する:
--   psql -v owner_password="'...'" -v app_password="'...'" -f deploy/postgresql-roles.sql
-- madoguchi_owner: テーブルの所有者。migrate・restore・retention run（監査ログの削除）だけに使う。
-- madoguchi_app:   アプリの接続ロール。監査ログは追記と参照だけ（更新・削除できない）。
CREATE ROLE madoguchi_owner LOGIN PASSWORD :owner_password;
CREATE ROLE madoguchi_app LOGIN PASSWORD :app_password;
CREATE DATABASE madoguchi OWNER madoguchi_owner ENCODING 'UTF8' TEMPLATE template0;
\connect madoguchi
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO madoguchi_owner;
GRANT USAGE ON SCHEMA public TO madoguchi_app;

-- 所有者が今後作るテーブル（migrate）にも同じ権限を付ける
ALTER DEFAULT PRIVILEGES FOR ROLE madoguchi_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO madoguchi_app;
ALTER DEFAULT PRIVILEGES FOR ROLE madoguchi_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO madoguchi_app;

-- ここまでの後、所有者で `madoguchi migrate` を実行してから、下の「migrate の後に毎回」を実行する。
