"""On PostgreSQL, compare the search key columns byte by byte (COLLATE "C").

The search finds prefixes with a range (key >= 'ヤマダ' AND key < 'ヤマダ' || U+10FFFF) walked on the
column's index. That range is right only when the column sorts by code point, as SQLite always does
and PostgreSQL does under the "C" collation; a database created with a language collation
(ja_JP.UTF-8, en_US.UTF-8) would otherwise sort kana and kanji by its own rules. The model state does
not change, so this is a separate migration that does nothing on SQLite.
"""

from django.db import migrations

KEY_COLUMNS = ("name_key", "given_name_key", "kana_key", "given_kana_key", "alias_key", "alias_kana_key")


def use_c_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in KEY_COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE registry_resident ALTER COLUMN {column} TYPE varchar(100) COLLATE "C"'
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_alias_keys_null_with_partial_indexes")]

    operations = [migrations.RunPython(use_c_collation, migrations.RunPython.noop, elidable=False)]
