# __init__.py and urls.py through `lanemerge install` and a real git merge:
# both lanes add an import (and an __all__ name), and a route with the
# import of its view; the merges commit with no conflict. A rename beside an
# addition stays a conflict.
source "$(dirname "$0")/../e2e_lib.sh"
new_repo "$scratch/repo"
cd "$scratch/repo"
lanemerge install > /dev/null
for line in '__init__.py merge=lanemerge-pyinit' 'urls.py merge=lanemerge-urls'; do
  grep -qx "$line" .gitattributes || fail "install did not add '$line'"
done
mkdir -p pkg app
printf '"""The package."""\nfrom .core import Engine\nfrom .flags import FeatureFlags\n\n__all__ = ["Engine", "FeatureFlags"]\n' > pkg/__init__.py
printf 'from django.urls import path\n\nfrom . import views\n\nurlpatterns = [\n    path("", views.index, name="index"),\n]\n' > app/urls.py
git add . && git commit -q -m base

git checkout -q -b lane
sed -i 's/^from .flags import FeatureFlags$/from .flags import FeatureFlags\nfrom .sync import SyncClient/; s/"FeatureFlags"]/"FeatureFlags", "SyncClient"]/' pkg/__init__.py
sed -i 's/^from . import views$/from . import views\nfrom .reports import report_view/; s/^    path("", views.index, name="index"),$/    path("", views.index, name="index"),\n    path("reports\/", report_view, name="reports"),/' app/urls.py
git commit -q -am "lane: sync client, reports route"

git checkout -q main
sed -i 's/^from .flags import FeatureFlags$/from .flags import FeatureFlags\nfrom .auth import AuthFlow/; s/"FeatureFlags"]/"FeatureFlags", "AuthFlow"]/' pkg/__init__.py
sed -i 's/^from . import views$/from . import views\nfrom .billing import billing_view/; s/^    path("", views.index, name="index"),$/    path("", views.index, name="index"),\n    path("billing\/", billing_view, name="billing"),/' app/urls.py
git commit -q -am "main: auth flow, billing route"

git merge --no-edit lane > "$scratch/out" 2>&1 || { cat "$scratch/out"; fail "git merge stopped"; }
assert_clean_merge_commit
# No ruff on PATH here: the file's own order (the base block was sorted).
assert_file pkg/__init__.py '"""The package."""
from .auth import AuthFlow
from .core import Engine
from .flags import FeatureFlags
from .sync import SyncClient

__all__ = ["Engine", "FeatureFlags", "AuthFlow", "SyncClient"]
'
assert_file app/urls.py 'from django.urls import path

from . import views
from .billing import billing_view
from .reports import report_view

urlpatterns = [
    path("", views.index, name="index"),
    path("billing/", billing_view, name="billing"),
    path("reports/", report_view, name="reports"),
]
'
j="$(git rev-parse --git-dir)/lanemerge/journal.jsonl"
grep -q '"driver":"lanemerge-pyinit".*"resolution":"auto"' "$j" || fail "no auto record for pkg/__init__.py"
grep -q '"driver":"lanemerge-urls".*"resolution":"auto".*"rules":\["R-PY-IMPORTS-UNION","R-URLS-LIST-UNION"\]' "$j" ||
  fail "urls.py record does not credit both rules: $(grep lanemerge-urls "$j")"

# A rename next to the other side's addition: git's conflict, exit 1, unmerged.
git checkout -q -b rename HEAD~1
sed -i 's/^from .auth import AuthFlow$/from .auth import OAuthFlow/' pkg/__init__.py
git commit -q -am "rename AuthFlow"
git checkout -q main
sed -i 's/^from .auth import AuthFlow$/from .auth import AuthFlow\nfrom .api import Api/' pkg/__init__.py
git commit -q -am "api"
if git merge --no-edit rename > "$scratch/out2" 2>&1; then fail "the rename merge should stop"; fi
grep -q "lanemerge: pkg/__init__.py: manual:" "$scratch/out2" || { cat "$scratch/out2"; fail "no manual line"; }
[ "$(git status --porcelain pkg/__init__.py)" = "UU pkg/__init__.py" ] || fail "pkg/__init__.py is not unmerged"
echo "ok"
