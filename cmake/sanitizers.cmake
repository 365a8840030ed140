# GILFREE_SANITIZE=ON: AddressSanitizer + UndefinedBehaviorSanitizer for our code
# and tests (`make test-sanitize`). Leak checking is off: the embedded CPython
# keeps interned objects alive until exit by design.
option(GILFREE_SANITIZE "Build with ASan and UBSan" OFF)
if(GILFREE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
