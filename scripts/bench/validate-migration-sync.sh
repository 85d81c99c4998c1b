#!/usr/bin/env bash
# Validates that all migrations are included in test suite

set -euo pipefail

MIGRATIONS_DIR="migrations"
TEST_SUITE="test/integration/datastorage/suite_test.go"

echo " Validating migration synchronization..."

# Get all migration files (exclude 1000_* which are special)
MIGRATION_FILES=$(ls -1 "$MIGRATIONS_DIR"/*.sql | grep -v "1000_" | xargs -n1 basename | sort)

# Extract migrations from test suite hardcoded list
# Look for lines like: "021_create_notification_audit_table.sql",
TEST_MIGRATIONS=$(grep -E '^\s+"[0-9]+.*\.sql"' "$TEST_SUITE" | \
    sed 's/.*"\([^"]*\)".*/\1/' | \
    grep -v "1000_" | \
    sort)

# Compare lists
MISSING_IN_TESTS=""
for migration in $MIGRATION_FILES; do
    if ! echo "$TEST_MIGRATIONS" | grep -q "^$migration$"; then
        MISSING_IN_TESTS="$MISSING_IN_TESTS\n  - $migration"
    fi
done

if [ -n "$MISSING_IN_TESTS" ]; then
    echo " VALIDATION FAILED: Migrations missing from test suite:"
    echo -e "$MISSING_IN_TESTS"
    echo ""
    echo " Action Required:"
    echo "  Add missing migrations to $TEST_SUITE around line 801"
    echo ""
    exit 1
fi

echo "✅ All migrations are included in test suite"
exit 0
