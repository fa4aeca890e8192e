#!/usr/bin/env bash
# Copy the front-end libraries that package.json pins from node_modules into static/vendor/,
# with their licences, so that no page loads anything from a CDN. Run by `make vendor`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund

for family in noto-sans noto-serif; do
  src="node_modules/@fontsource/$family"
  dst="static/vendor/$family"
  rm -rf "$dst"
  mkdir -p "$dst/files"
  cp "$src/LICENSE" "$dst/LICENSE"
  # Latin and Cyrillic, with the extended ranges Tajik needs (ғ ӣ қ ӯ ҳ ҷ), regular and bold;
  # each face keeps its unicode-range, so a browser fetches only the files a page needs.
  subsets="latin latin-ext cyrillic cyrillic-ext"
  python3 - "$src" "$family" "$subsets" > "$dst/$family.css" <<'PY'
import re, sys
src, family, subsets = sys.argv[1], sys.argv[2], sys.argv[3].split()
for weight in ("400", "700"):
    css = open(f"{src}/{weight}.css", encoding="utf-8").read()
    for block in re.findall(r"/\* (\S+) \*/\s*(@font-face \{.*?\})", css, re.S):
        name, face = block
        if any(name == f"{family}-{s}-{weight}-normal" for s in subsets):
            face = re.sub(r", url\([^)]*\.woff\) format\('woff'\)", "", face)
            print(f"/* {name} */\n{face}\n")
PY
  for subset in $subsets; do
    for weight in 400 700; do
      cp "$src/files/$family-$subset-$weight-normal.woff2" "$dst/files/"
    done
  done
  version=$(node -p "require('./$src/package.json').version")
  printf '%s %s from npm (@fontsource/%s), SIL Open Font License 1.1: see LICENSE.\n' \
    "$family" "$version" "$family" > "$dst/README"
done

# Chart.js (MIT) and Leaflet (BSD-2-Clause) for the dashboard's charts and offline map.
# The source maps go along: the minified files name them, and the manifest storage of
# collectstatic refuses a reference to a missing file.
dst="static/vendor/chartjs"
rm -rf "$dst"
mkdir -p "$dst"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map "$dst/"
cp node_modules/chart.js/LICENSE.md "$dst/LICENSE.md"
# The UMD build bundles @kurkle/color (MIT), whose licence travels with it.
cp node_modules/@kurkle/color/LICENSE.md "$dst/LICENSE-kurkle-color.md"
version=$(node -p "require('./node_modules/chart.js/package.json').version")
color=$(node -p "require('./node_modules/@kurkle/color/package.json').version")
printf 'Chart.js %s from npm (chart.js), MIT licence: see LICENSE.md.\nBundles @kurkle/color %s, MIT licence: see LICENSE-kurkle-color.md.\n' \
  "$version" "$color" > "$dst/README"

dst="static/vendor/leaflet"
rm -rf "$dst"
mkdir -p "$dst/images"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
  node_modules/leaflet/dist/leaflet.css "$dst/"
cp node_modules/leaflet/dist/images/*.png "$dst/images/"
cp node_modules/leaflet/LICENSE "$dst/LICENSE"
version=$(node -p "require('./node_modules/leaflet/package.json').version")
printf 'Leaflet %s from npm (leaflet), BSD 2-Clause licence: see LICENSE.\n' "$version" > "$dst/README"

# Tom Select (Apache-2.0): searchable selects for the forms' long lists (partners, districts,
# projects). The complete build bundles @orchidjs/sifter and @orchidjs/unicode-variants
# (Apache-2.0 both): their notices travel with it.
dst="static/vendor/tom-select"
rm -rf "$dst"
mkdir -p "$dst"
cp node_modules/tom-select/dist/js/tom-select.complete.min.js \
  node_modules/tom-select/dist/js/tom-select.complete.min.js.map \
  node_modules/tom-select/dist/css/tom-select.default.min.css \
  node_modules/tom-select/dist/css/tom-select.default.min.css.map "$dst/"
cp node_modules/tom-select/LICENSE "$dst/LICENSE"
cp node_modules/@orchidjs/unicode-variants/LICENSE "$dst/LICENSE-orchidjs"
version=$(node -p "require('./node_modules/tom-select/package.json').version")
sifter=$(node -p "require('./node_modules/@orchidjs/sifter/package.json').version")
variants=$(node -p "require('./node_modules/@orchidjs/unicode-variants/package.json').version")
printf 'Tom Select %s from npm (tom-select), Apache License 2.0: see LICENSE.\nBundles @orchidjs/sifter %s and @orchidjs/unicode-variants %s, Apache License 2.0: see LICENSE-orchidjs.\n' \
  "$version" "$sifter" "$variants" > "$dst/README"

# Swagger UI (Apache-2.0): the API's documentation page (/api/v1/docs/), read from the
# portal's own schema. The bundle's notices (the libraries it bundles) travel with it; the
# stylesheet names its source map, which goes along for collectstatic's manifest.
dst="static/vendor/swagger-ui"
rm -rf "$dst"
mkdir -p "$dst"
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js \
  node_modules/swagger-ui-dist/swagger-ui.css \
  node_modules/swagger-ui-dist/swagger-ui.css.map "$dst/"
cp node_modules/swagger-ui-dist/LICENSE node_modules/swagger-ui-dist/NOTICE \
  node_modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt "$dst/"
version=$(node -p "require('./node_modules/swagger-ui-dist/package.json').version")
printf 'Swagger UI %s from npm (swagger-ui-dist), Apache License 2.0: see LICENSE and NOTICE.\nThe bundled libraries and their licences: see swagger-ui-bundle.js.LICENSE.txt.\n' \
  "$version" > "$dst/README"

# axe-core (MPL-2.0) checks the pages' accessibility in the browser tests. It is a test tool,
# never served to users: it goes to tests/e2e/vendor/, which the tests inject into the page.
dst="tests/e2e/vendor/axe-core"
rm -rf "$dst"
mkdir -p "$dst"
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE \
  node_modules/axe-core/LICENSE-3RD-PARTY.txt "$dst/"
version=$(node -p "require('./node_modules/axe-core/package.json').version")
printf 'axe-core %s from npm (axe-core), Mozilla Public License 2.0: see LICENSE.\n' \
  "$version" > "$dst/README"

echo "vendored into static/vendor/ and tests/e2e/vendor/"
