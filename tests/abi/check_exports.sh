#!/usr/bin/env bash
# Lists the symbols a shared libflameup exports and fails unless they are the public API.
# Usage: check_exports.sh LIBRARY
#
# Allowed, besides symbols in namespace flameup outside any detail namespace:
#   - std:: (and __gnu_cxx::) template instantiations: weak, vague linkage. libstdc++ declares
#     its namespaces with default visibility, so an instantiation the library makes over
#     public or built-in types (std::vector<std::string>, std::shared_ptr's control block)
#     stays visible whatever -fvisibility says; the dynamic linker merges it with the
#     application's own copy. Instantiations over internal types stay hidden.
#   - the linker's own markers (_init, _fini, _edata, _end, __bss_start).
# Anything else fails: flameup::detail or Client::Impl anywhere in a name (also as a template
# argument), another library's namespace (nlohmann, curl), or a C symbol.
set -euo pipefail
lib=$1

# One line per symbol: "mangled<TAB>demangled".
symbols=$(nm -D --defined-only "$lib" | awk '{ print $NF }' | sort -u \
  | while IFS= read -r mangled; do
      printf '%s\t%s\n' "$mangled" "$(c++filt "$mangled")"
    done)

is_linker_marker() { [[ $1 =~ ^(_init|_fini|_edata|_end|__bss_start)$ ]]; }

# The namespace a mangled name is declared in, judged on the mangling (the demangled text
# starts with a return type for template functions): after _Z, an optional special prefix
# (vtable, typeinfo, guard variable, TLS wrapper, a function's local static), an optional
# nested-name N with its qualifiers, then the first name.
namespace_of() {
  if [[ $1 =~ ^_Z(T[VIST]|GV|TH|TW|Z)?N?[rVKRO]*(7flameup|St|Sa|Sb|Ss|9__gnu_cxx) ]]; then
    case ${BASH_REMATCH[2]} in
      7flameup) echo flameup ;;
      *) echo std ;;
    esac
  fi
}

api=() std=() bad=()
while IFS=$'\t' read -r mangled name; do
  [[ -z $mangled ]] && continue
  # Internal names: a detail namespace (also as a template argument) and Client's pimpl.
  if [[ $name == *flameup::detail* || $name == *"flameup::(anonymous namespace)"* \
        || $name == *flameup::Client::Impl* ]]; then
    bad+=("$name")
    continue
  fi
  case $(namespace_of "$mangled") in
    flameup) api+=("$name") ;;
    std) std+=("$name") ;;
    *) is_linker_marker "$mangled" || bad+=("$name") ;;
  esac
done <<<"$symbols"

echo "libflameup exports ${#api[@]} flameup symbols and ${#std[@]} std:: instantiations:"
print_names() { if (( $# )); then printf '  %s\n' "$@" | sort; fi; }
print_names "${api[@]}"
print_names "${std[@]}"
if (( ${#bad[@]} )); then
  echo "FAIL: ${#bad[@]} exported symbols are not public API:" >&2
  print_names "${bad[@]}" >&2
  exit 1
fi
if (( ${#api[@]} == 0 )); then
  echo "FAIL: no flameup symbol is exported" >&2
  exit 1
fi
echo "exports check passed"
