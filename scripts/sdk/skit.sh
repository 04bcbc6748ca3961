# skit SDK for bash: ask the user things from a script run by skit.
#
#   source "$SKIT_SDK/skit.sh"
#   fruit=$(skit_arg "Pick a fruit" apple banana cherry)
#   skit_notify "You picked $fruit"
#
# Needs only bash (4.2+) and coreutils. Prompts print the answer on stdout: text
# answers as text, anything else (fields objects, choice values that are not
# strings) as JSON. See docs/protocol.md for the messages.
#
# Richer inputs (protocol 1.1): skit_arg_multiple (one value a line), typed
# skit_fields, skit_path, skit_env.

_skit_counter=0
# Messages go to the script's real stdout even from inside $(...), whose stdout is
# captured: keep a copy of it on a descriptor of its own.
exec {_SKIT_OUT}>&1

# Prints $1 as a JSON string literal (with quotes).
skit_json() {
  local s=$1 c code
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  s=${s//$'\b'/\\b}
  s=${s//$'\f'/\\f}
  # The remaining control characters, rare in practice, as \u00XX.
  if [[ $s == *[$'\x01'-$'\x1f']* ]]; then
    for code in {1..31}; do
      printf -v c "\\x$(printf %02x "$code")"
      s=${s//"$c"/$(printf '\\u%04x' "$code")}
    done
  fi
  printf '"%s"' "$s"
}

# Prints a JSON array of strings from the arguments.
skit_json_array() {
  local out="" item
  for item in "$@"; do
    out+="${out:+,}$(skit_json "$item")"
  done
  printf '[%s]' "$out"
}

# Sends one raw JSON message line to skit.
skit_send() {
  printf '%s\n' "$1" >&"$_SKIT_OUT"
}

# A new prompt id: a counter, plus the (sub)shell's pid because $(...) runs in a
# subshell whose counter starts where the parent's was.
_skit_next_id() {
  _skit_counter=$((_skit_counter + 1))
  _SKIT_ID="$BASHPID-$_skit_counter"
}

# Decodes a JSON string literal (with quotes) to raw text.
_skit_unescape() {
  local s=${1:1:${#1}-2} out="" chunk c
  while [[ -n $s ]]; do
    if [[ $s == \\* ]]; then
      c=${s:1:1}
      case $c in
        n) out+=$'\n' ;;
        t) out+=$'\t' ;;
        r) out+=$'\r' ;;
        b) out+=$'\b' ;;
        f) out+=$'\f' ;;
        u) printf -v c "\\u${s:2:4}"; out+=$c; s=${s:4} ;;
        *) out+=$c ;;
      esac
      s=${s:2}
    else
      chunk=${s%%\\*}
      out+=$chunk
      s=${s:${#chunk}}
    fi
  done
  printf '%s' "$out"
}

# Waits for the answer to prompt $1 and prints it (text as text, other JSON as is;
# with _SKIT_RAW=1, everything as JSON). Exits the script when skit closes stdin.
skit_wait() {
  local id=$1 line value
  while IFS= read -r line; do
    # An answer given by a prompt action ends with its name (protocol 1.1).
    [[ $line =~ ,\"action\":\"([^\"\\]|\\.)*\"\}$ ]] && line="${line%,\"action\"*}}"
    [[ $line =~ ^\{\"type\":\"submit\",\"id\":(\"([^\"\\]|\\.)*\"),\"value\":(.*)\}$ ]] || continue
    [[ $(_skit_unescape "${BASH_REMATCH[1]}") == "$id" ]] || continue
    value=${BASH_REMATCH[3]}
    if [[ $value == \"* && -z ${_SKIT_RAW-} ]]; then
      _skit_unescape "$value"
    else
      printf '%s' "$value"
    fi
    return 0
  done
  exit 0
}

# skit_prompt TYPE 'FIELDS' — sends {"type":TYPE,"id":...,FIELDS} and prints the answer.
skit_prompt() {
  _skit_next_id
  local fields=${2:+,$2}
  skit_send "{\"type\":\"$1\",\"id\":\"$_SKIT_ID\"$fields}"
  skit_wait "$_SKIT_ID"
}

# skit_arg PLACEHOLDER [CHOICE...] — pick one of the choices (or type text when
# there are none) and print it.
skit_arg() {
  local placeholder=$1
  shift
  if (($#)); then
    skit_prompt arg "\"placeholder\":$(skit_json "$placeholder"),\"choices\":$(skit_json_array "$@")"
  else
    skit_prompt arg "\"placeholder\":$(skit_json "$placeholder")"
  fi
}

# skit_arg_multiple PLACEHOLDER CHOICE... — the user toggles several choices
# (Ctrl+Space, Ctrl+A for all); prints the picked ones, one a line.
skit_arg_multiple() {
  local placeholder=$1 answer rest
  shift
  answer=$(skit_prompt arg "\"placeholder\":$(skit_json "$placeholder"),\"choices\":$(skit_json_array "$@"),\"multiple\":true")
  rest=$answer
  while [[ $rest =~ ^[^\"]*(\"([^\"\\]|\\.)*\")(.*)$ ]]; do
    _skit_unescape "${BASH_REMATCH[1]}"
    printf '\n'
    rest=${BASH_REMATCH[3]}
  done
}

# skit_path [--only-dirs] [--show-hidden] [--start DIR] [PLACEHOLDER] — picks a file
# (or a folder) and prints its absolute path.
skit_path() {
  local fields=""
  while (($#)); do
    case $1 in
      --only-dirs) fields+=",\"onlyDirs\":true" ;;
      --show-hidden) fields+=",\"showHidden\":true" ;;
      --start) fields+=",\"startPath\":$(skit_json "$2")"; shift ;;
      *) fields+=",\"placeholder\":$(skit_json "$1")" ;;
    esac
    shift
  done
  skit_prompt path "${fields#,}"
}

# skit_env [--secret] KEY [PLACEHOLDER] — prints variable KEY: from skit's env
# file or environment when set, else asked (masked with --secret) and kept in the
# env file. Use it as: export TOKEN=$(skit_env --secret TOKEN)
skit_env() {
  local secret=""
  if [[ ${1-} == --secret ]]; then
    secret=",\"secret\":true"
    shift
  fi
  skit_prompt env "\"key\":$(skit_json "$1")$secret${2:+,\"placeholder\":$(skit_json "$2")}"
}

# skit_arg_open PLACEHOLDER — shows an arg prompt without waiting, so its choices can
# be streamed with skit_set_choices; then skit_wait "$_SKIT_ID". Call it without
# $(...) so $_SKIT_ID stays set.
skit_arg_open() {
  _skit_next_id
  skit_send "{\"type\":\"arg\",\"id\":\"$_SKIT_ID\",\"placeholder\":$(skit_json "$1"),\"choices\":[]}"
}

# skit_set_choices ID CHOICE... — replaces the choices of the open arg prompt ID.
skit_set_choices() {
  local id=$1
  shift
  skit_send "{\"type\":\"setChoices\",\"id\":$(skit_json "$id"),\"choices\":$(skit_json_array "$@")}"
}

# skit_append_choices ID CHOICE... — adds choices after those of the open arg prompt ID.
skit_append_choices() {
  local id=$1
  shift
  skit_send "{\"type\":\"setChoices\",\"id\":$(skit_json "$id"),\"choices\":$(skit_json_array "$@"),\"append\":true}"
}

# skit_arg_live PLACEHOLDER FUNCTION — a prompt the script filters (protocol 1.1):
# each time the user pauses typing, FUNCTION is called with the query and prints
# one choice a line, as `name<TAB>description<TAB>preview-file` (description and
# preview file optional; the preview pane shows the file's first 40 lines).
# Prints the picked name, like skit_arg.
skit_arg_live() {
  local placeholder=$1 fn=$2 line id query seq choices name description file preview
  _skit_next_id
  id=$_SKIT_ID
  skit_send "{\"type\":\"arg\",\"id\":\"$id\",\"placeholder\":$(skit_json "$placeholder"),\"filter\":\"script\",\"events\":[\"input\"]}"
  while IFS= read -r line; do
    if [[ $line =~ ^\{\"type\":\"input\",\"id\":(\"([^\"\\]|\\.)*\"),\"value\":(\"([^\"\\]|\\.)*\"),\"seq\":([0-9]+)\}$ ]]; then
      [[ $(_skit_unescape "${BASH_REMATCH[1]}") == "$id" ]] || continue
      seq=${BASH_REMATCH[5]}
      query=$(_skit_unescape "${BASH_REMATCH[3]}")
      choices=""
      while IFS=$'\t' read -r name description file; do
        [[ -n $name ]] || continue
        preview=""
        if [[ -n $file && -r $file ]]; then
          preview=$'```\n'"$(head -n 40 -- "$file" 2>/dev/null)"$'\n```'
        fi
        choices+="${choices:+,}{\"name\":$(skit_json "$name")"
        [[ -n $description ]] && choices+=",\"description\":$(skit_json "$description")"
        [[ -n $preview ]] && choices+=",\"preview\":$(skit_json "$preview")"
        choices+="}"
      done < <("$fn" "$query")
      skit_send "{\"type\":\"setChoices\",\"id\":\"$id\",\"choices\":[$choices],\"seq\":$seq}"
    elif [[ $line == "{\"type\":\"submit\",\"id\":\"$id\","* ]]; then
      skit_wait "$id" < <(printf '%s\n' "$line")
      return 0
    fi
  done
  exit 0
}

# skit_div MARKDOWN — shows markdown until the user presses Enter.
skit_div() {
  skit_prompt div "\"markdown\":$(skit_json "$1")" >/dev/null
}

# skit_editor [TEXT] — a multi-line editor; prints the text (Ctrl+Enter submits).
skit_editor() {
  skit_prompt editor "\"value\":$(skit_json "${1-}")"
}

# skit_fields NAME[*][:LABEL[:TYPE]] ... — a form; prints the answer as a JSON
# object {"name":answer,...}. A * after the name makes the field required. TYPE is
# text (default), password, number, checkbox, textarea, or select=A|B|C. Read
# one answer from it with skit_field.
skit_fields() {
  local fields="" spec name label kind field option options
  for spec in "$@"; do
    name=${spec%%:*}
    label=$name
    kind=""
    [[ $spec == *:* ]] && label=${spec#*:}
    if [[ $label == *:* ]]; then
      kind=${label#*:}
      label=${label%%:*}
    fi
    field="{\"name\":$(skit_json "${name%\*}"),\"label\":$(skit_json "${label%\*}")"
    [[ $name == *\* ]] && field+=",\"required\":true"
    case $kind in
      "") ;;
      select=*)
        options=()
        IFS='|' read -r -a options <<<"${kind#select=}"
        field+=",\"type\":\"select\",\"options\":$(skit_json_array "${options[@]}")"
        ;;
      *) field+=",\"type\":$(skit_json "$kind")" ;;
    esac
    fields+="${fields:+,}$field}"
  done
  skit_prompt fields "\"fields\":[$fields]"
}

# skit_field JSON NAME — the answer of field NAME in a skit_fields answer: text as
# text; a number, true, false or null as written.
skit_field() {
  local json=$1 name=$2 rest
  rest=${json#*"$(skit_json "$name")":}
  [[ $rest != "$json" ]] || return 1
  if [[ $rest =~ ^(\"([^\"\\]|\\.)*\") ]]; then
    _skit_unescape "${BASH_REMATCH[1]}"
  elif [[ $rest =~ ^([^,}]+) ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
  else
    return 1
  fi
}

skit_notify() { skit_send "{\"type\":\"notify\",\"text\":$(skit_json "$1")}"; }
skit_copy() { skit_send "{\"type\":\"copy\",\"text\":$(skit_json "$1")}"; }
skit_open() { skit_send "{\"type\":\"open\",\"target\":$(skit_json "$1")}"; }
skit_hide() { skit_send '{"type":"hide"}'; }

# skit_paste TEXT [--secret] — hides skit and pastes TEXT into the window the user
# was in, then puts their clipboard back (protocol 1.1). --secret marks it as a
# password, so clipboard managers (and skit's output) never keep it.
skit_paste() {
  local secret=""
  [[ ${2-} == --secret ]] && secret=',"secret":true'
  skit_send "{\"type\":\"paste\",\"text\":$(skit_json "$1")$secret}"
}

# skit_type TEXT — like skit_paste, typing TEXT key by key (slower; for fields that
# block paste).
skit_type() { skit_send "{\"type\":\"type\",\"text\":$(skit_json "$1")}"; }

# skit_get_selection — prints the text the user has selected (the PRIMARY
# selection); prints nothing and returns 1 when nothing is selected.
skit_get_selection() {
  local value
  _skit_next_id
  skit_send "{\"type\":\"getSelection\",\"id\":\"$_SKIT_ID\"}"
  value=$(_SKIT_RAW=1 skit_wait "$_SKIT_ID")
  [[ $value == \"* ]] || return 1
  _skit_unescape "$value"
}
skit_show() { skit_send '{"type":"show"}'; }

# skit_exit [CODE] — tells skit the script is done, and exits.
skit_exit() {
  skit_send "{\"type\":\"exit\",\"code\":${1:-0}}"
  exit "${1:-0}"
}
