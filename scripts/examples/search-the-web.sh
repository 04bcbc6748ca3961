#!/usr/bin/env bash
# Name: Search the Web
# Description: Type a query, open the results in your browser
# Alias: web
# Keyword: web
source "$SKIT_SDK/skit.sh"

# "web rust traits" in the launcher runs this with "rust traits" as $1 (Keyword).
query=${1:-}
[[ -n $query ]] || query=$(skit_arg "Search DuckDuckGo for…")
[[ -n $query ]] || exit 0

# Percent-encode everything but unreserved characters, byte by byte.
encoded=""
LC_ALL=C
for ((i = 0; i < ${#query}; i++)); do
  c=${query:i:1}
  case $c in
    [a-zA-Z0-9.~_-]) encoded+=$c ;;
    ' ') encoded+=+ ;;
    *) printf -v hex '%%%02X' "'$c"; encoded+=$hex ;;
  esac
done
skit_open "https://duckduckgo.com/?q=$encoded"
