#!/usr/bin/env bash
# Name: Sort Downloads
# Description: Files downloads into folders by type: Documents, Images, Audio...
# Watch: ~/Downloads/*
#
# When a file lands in ~/Downloads, skit runs this with the file and the event
# (add, change, remove) as arguments. Out of the box it only suggests where the
# file could go (a desktop notification): moving a file the browser just saved
# would break its "open" link. Set AUTO=1 below to move new files at once.
# Run by hand, it offers to sort everything at the top of ~/Downloads.
source "$SKIT_SDK/skit.sh"

AUTO=0
downloads=${SKIT_DOWNLOADS_DIR:-$HOME/Downloads}

# The folder a file belongs in, by its extension; nothing for other files.
kind_of() {
  case "${1,,}" in
    *.pdf | *.doc | *.docx | *.odt | *.rtf | *.txt | *.md | *.epub | *.csv | \
      *.xls | *.xlsx | *.ods | *.ppt | *.pptx | *.odp) echo Documents ;;
    *.png | *.jpg | *.jpeg | *.gif | *.webp | *.svg | *.heic) echo Images ;;
    *.mp3 | *.flac | *.ogg | *.opus | *.wav | *.m4a) echo Audio ;;
    *.mp4 | *.mkv | *.webm | *.mov | *.avi) echo Video ;;
    *.zip | *.tar | *.gz | *.tgz | *.xz | *.bz2 | *.zst | *.7z | *.rar) echo Archives ;;
    *.deb | *.rpm | *.appimage | *.flatpakref) echo Installers ;;
  esac
}

# Moves a file into its kind's folder next to it, never over another file
# ("name (2).pdf" then); prints where it went.
file_away() {
  local path=$1 kind name dir target n=2
  kind=$(kind_of "$path")
  [[ -n $kind ]] || return 1
  name=$(basename -- "$path")
  dir="$(dirname -- "$path")/$kind"
  mkdir -p -- "$dir"
  target="$dir/$name"
  while [[ -e $target ]]; do
    target="$dir/${name%.*} ($n).${name##*.}"
    n=$((n + 1))
  done
  mv -n -- "$path" "$target" && echo "$kind/$(basename -- "$target")"
}

if (($# >= 2)); then
  # Started by Watch: one file and what happened to it.
  path=$1 event=$2
  [[ $event == add && -f $path ]] || exit 0
  case $path in *.part | *.crdownload | *.download | *.tmp) exit 0 ;; esac # still downloading
  kind=$(kind_of "$path")
  [[ -n $kind ]] || exit 0
  if ((AUTO)); then
    where=$(file_away "$path") && skit_notify "Moved $(basename -- "$path") to Downloads/$where"
  else
    skit_notify "$(basename -- "$path") could go in Downloads/$kind: run “Sort Downloads” to file it"
  fi
  exit 0
fi

# Run by hand: everything at the top of the folder, after asking.
files=()
for file in "$downloads"/*; do
  [[ -f $file && -n $(kind_of "$file") ]] && files+=("$file")
done
if ((${#files[@]} == 0)); then
  skit_notify "Nothing to sort in $downloads"
  exit 0
fi
answer=$(skit_arg "Move ${#files[@]} files in $downloads into folders by type?" "Move them" "Not now")
[[ $answer == "Move them" ]] || exit 0
moved=0
for file in "${files[@]}"; do
  file_away "$file" >/dev/null && moved=$((moved + 1))
done
skit_notify "Moved $moved files into folders by type"
