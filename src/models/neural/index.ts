/** vigil's neural models; importing this registers every neural kind (and their ONNX exporters). */
import "../onnx/neural.js";

export {
  AUTOENCODER_KIND,
  Autoencoder,
  type AutoencoderParams,
  autoencoderParamsSchema,
} from "./autoencoder.js";
export { NeuralClassifier } from "./classifier.js";
export { CNN1D_KIND, Cnn1dClassifier, type Cnn1dParams, cnn1dParamsSchema } from "./cnn1d.js";
export { DBN_KIND, DbnClassifier, type DbnParams, dbnParamsSchema } from "./dbn.js";
export { TABULAR_GAN_KIND, TabularGan, type TabularGanParams, tabularGanParamsSchema } from "./gan.js";
export { Arena, setWasmKernels, wasmGemmAvailable } from "./gemm.js";
export { MLP_KIND, MLPClassifier, type MlpParams, mlpParamsSchema } from "./mlp.js";
export { Network } from "./network.js";
export { RBM_KIND, type RbmParams, RbmTransformer, rbmParamsSchema } from "./rbm.js";
export {
  GRU_KIND,
  GruClassifier,
  LSTM_KIND,
  LstmClassifier,
  type RecurrentParams,
  recurrentParamsSchema,
} from "./recurrent.js";
export { SIGNED_LOG_KIND, SignedLog1p } from "./signed-log.js";
