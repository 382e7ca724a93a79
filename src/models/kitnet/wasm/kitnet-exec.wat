;; KitNET's scoring path (default mode) as WebAssembly with 128-bit SIMD: one call scores one
;; autoencoder; see ../wasm-exec.ts for the memory layout and why. Built into kitnet-exec-bytes.ts by
;; `npm run build:wasm` (scripts/build-wasm.mjs, using wabt); a test checks the two agree.
;;
;; Differences from the JavaScript path (ok for default mode, not used in compat mode): exp is our own
;; (table of 2^(j/32) and a degree-5 polynomial, within 3e-15 of Math.exp, argument clamped to +-708), and
;; the decoder's and the RMSE's sums run in another order. Scores agree with the JavaScript path to ~1e-14.
(module
  ;; the memory comes from the JavaScript side, made at its full size: growing a memory detaches its old
  ;; ArrayBuffer, and one detach slows every typed-array loop of the thread (V8 drops an optimization)
  (import "env" "memory" (memory 1))
;; 2^(j/32), j = 0..31, correctly rounded, at byte 0 (the JavaScript side allocates from byte 256)
  (data (i32.const 0) "\00\00\00\00\00\00\f0\3f\74\85\15\d3\b0\59\f0\3f\0f\89\f9\6c\58\b5\f0\3f\51\5b\12\d0\01\13\f1\3f\7b\51\7d\3c\b8\72\f1\3f\aa\b9\68\31\87\d4\f1\3f\38\62\75\6e\7a\38\f2\3f\e1\de\1f\f5\9d\9e\f2\3f\15\b7\31\0a\fe\06\f3\3f\cb\a9\3a\37\a7\71\f3\3f\22\34\12\4c\a6\de\f3\3f\2d\89\61\60\08\4e\f4\3f\27\2a\36\d5\da\bf\f4\3f\82\4f\9d\56\2b\34\f5\3f\29\54\48\dd\07\ab\f5\3f\85\55\3a\b0\7e\24\f6\3f\cd\3b\7f\66\9e\a0\f6\3f\74\5f\ec\e8\75\1f\f7\3f\87\01\eb\73\14\a1\f7\3f\13\ce\4c\99\89\25\f8\3f\db\a0\2a\42\e5\ac\f8\3f\e5\c5\cd\b0\37\37\f9\3f\90\f0\a3\82\91\c4\f9\3f\5d\25\3e\b2\03\55\fa\3f\ad\d3\5a\99\9f\e8\fa\3f\47\5e\fb\f2\76\7f\fb\3f\9c\52\85\dd\9b\19\fc\3f\69\90\ef\dc\20\b7\fc\3f\87\a4\fb\dc\18\58\fd\3f\5f\9b\7b\33\97\fc\fd\3f\da\90\a4\a2\af\a4\fe\3f\40\45\6e\5b\76\50\ff\3f")
  ;; exp(x) for the sigmoid: x clamped to [-708, 708]; x = (32m + j) ln2/32 + r with |r| <= ln2/64,
  ;; exp(x) = 2^m 2^(j/32) p(r), p the degree-5 Taylor polynomial (relative error < 3e-15).
  (func $exp (param $x f64) (result f64)
    (local $k f64) (local $r f64) (local $p f64) (local $ki i32)
    (local.set $x (f64.max (f64.const -708) (f64.min (f64.const 708) (local.get $x))))
    (local.set $k (f64.nearest (f64.mul (local.get $x) (f64.const 46.16624130844683))))
    (local.set $r (f64.sub (f64.sub (local.get $x) (f64.mul (local.get $k) (f64.const 0.021660849386535119)))
                           (f64.mul (local.get $k) (f64.const 5.963171653970587e-12))))
    (local.set $ki (i32.trunc_f64_s (local.get $k)))
    (local.set $p (f64.const 8.333333333333333e-3))
    (local.set $p (f64.add (f64.const 4.1666666666666664e-2) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 0.16666666666666666) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 0.5) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 1) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 1) (f64.mul (local.get $r) (local.get $p))))
    (f64.mul
      (f64.mul (local.get $p) (f64.load (i32.shl (i32.and (local.get $ki) (i32.const 31)) (i32.const 3))))
      (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (i32.shr_s (local.get $ki) (i32.const 5)) (i32.const 1023))) (i64.const 52)))))
  (func $sigmoid (param $x f64) (result f64)
    (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (local.get $x))))))

  ;; One autoencoder's reconstruction RMSE. Byte addresses; nhp = nh rounded up to even; W is nv x nhp
  ;; (padding columns zero), hb/y have nhp slots (padding 0). map: i32 feature indices into x, or -1 for identity.
  (func (export "ae") (param $nv i32) (param $nhp i32) (param $x i32) (param $map i32)
        (param $min i32) (param $den i32) (param $w i32) (param $hb i32) (param $vb i32)
        (param $xn i32) (param $y i32) (param $err i32) (param $nh i32) (result f64)
    (local $i i32) (local $j i32) (local $v f64) (local $xi v128) (local $acc v128) (local $row i32) (local $ss f64) (local $e f64)
    ;; normalise
    (local.set $i (i32.const 0))
    (block $b0 (loop $l0
      (br_if $b0 (i32.ge_u (local.get $i) (local.get $nv)))
      (local.set $v (if (result f64) (i32.lt_s (local.get $map) (i32.const 0))
        (then (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3)))))
        (else (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $map) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))))))
      (f64.store (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3)))
        (f64.div (f64.sub (local.get $v) (f64.load (i32.add (local.get $min) (i32.shl (local.get $i) (i32.const 3)))))
                 (f64.load (i32.add (local.get $den) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l0)))
    ;; y = hb (then += xn W)
    (local.set $j (i32.const 0))
    (block $b1 (loop $l1
      (br_if $b1 (i32.ge_u (local.get $j) (local.get $nhp)))
      (v128.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))) (v128.const f64x2 0 0))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br $l1)))
    (local.set $i (i32.const 0))
    (block $b2 (loop $l2
      (br_if $b2 (i32.ge_u (local.get $i) (local.get $nv)))
      (local.set $xi (f64x2.splat (f64.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $row (i32.add (local.get $w) (i32.shl (i32.mul (local.get $i) (local.get $nhp)) (i32.const 3))))
      (local.set $j (i32.const 0))
      (block $b3 (loop $l3
        (br_if $b3 (i32.ge_u (local.get $j) (local.get $nhp)))
        (v128.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3)))
          (f64x2.add (v128.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
                     (f64x2.mul (local.get $xi) (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $l3)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l2)))
    (local.set $j (i32.const 0))
    (block $b4 (loop $l4
      (br_if $b4 (i32.ge_u (local.get $j) (local.get $nh)))
      (f64.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3)))
        (call $sigmoid (f64.add (f64.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
                                (f64.load (i32.add (local.get $hb) (i32.shl (local.get $j) (i32.const 3)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l4)))
    ;; decode, error, squared sum
    (local.set $ss (f64.const 0))
    (local.set $i (i32.const 0))
    (block $b5 (loop $l5
      (br_if $b5 (i32.ge_u (local.get $i) (local.get $nv)))
      (local.set $row (i32.add (local.get $w) (i32.shl (i32.mul (local.get $i) (local.get $nhp)) (i32.const 3))))
      (local.set $acc (v128.const f64x2 0 0))
      (local.set $j (i32.const 0))
      (block $b6 (loop $l6
        (br_if $b6 (i32.ge_u (local.get $j) (local.get $nhp)))
        (local.set $acc (f64x2.add (local.get $acc)
          (f64x2.mul (v128.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
                     (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $l6)))
      (local.set $e (f64.sub (f64.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3))))
        (call $sigmoid (f64.add (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc)))
                                (f64.load (i32.add (local.get $vb) (i32.shl (local.get $i) (i32.const 3))))))))
      (f64.store (i32.add (local.get $err) (i32.shl (local.get $i) (i32.const 3))) (local.get $e))
      (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $e) (local.get $e))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l5)))
    (f64.sqrt (f64.div (local.get $ss) (f64.convert_i32_u (local.get $nv)))))
)
