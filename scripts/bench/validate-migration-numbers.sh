#!/usr/bin/env bash
# Validates that migration numbers are unique

set -euo pipefail

MIGRATIONS_DIR="migrations"

echo " Validating migration number uniqueness..."

# Extract migration numbers
MIGRATION_NUMBERS=$(ls -1 "$MIGRATIONS_DIR"/*.sql | \
    xargs -n1 basename | \
    sed 's/^\([0-9]\+\)_.*/\1/' | \
    sort)

# Check for duplicates
DUPLICATES=$(echo "$MIGRATION_NUMBERS" | uniq -d)

if [ -n "$DUPLICATES" ]; then
    echo " VALIDATION FAILED: Duplicate migration numbers found:"
    for num in $DUPLICATES; do
        echo "  Number $num used in:"
        ls -1 "$MIGRATIONS_DIR/${num}_"*.sql | xargs -n1 basename | sed 's/^/    - /'
    done
    echo ""
    echo " Action Required:"
    echo "  Renumber one of the duplicate migrations to the next available number"
    echo ""
    exit 1
fi

echo "✅ All migration numbers are unique"
exit 0
