// Public API of src/info: mutual information of Gaussian and of sampled variables, the variational
// information bottleneck, and the linear controls and read-outs its results are judged by.
//
//   gaussian    entropy and mutual information from covariances (closed form) and from samples
//   ksg         Kraskov–Stögbauer–Grassberger k-nearest-neighbour mutual information
//   vib         the VIB module: Gaussian encoder, reparameterised sample, decoder likelihood, KL
//   objective   the VIB objective for nn.fit, rate/distortion bounds on I(X;H) and I(Y;H), codes
//   pca         principal components (the variance-maximising linear control)
//   alignment   |cos| of directions, the linear direction a latent reads, ring angles, circular correlation
export { sampleCovariance, cholesky, logDetSpd, gaussianEntropy, gaussianMutualInformation, gaussianMutualInformationFromSamples, joinColumns, sampleGaussian } from "./gaussian";
export { ksgMutualInformation, type KsgOptions } from "./ksg";
export { VIB, gaussianKl, MAX_FULL_LIKELIHOOD, type Likelihood, type VIBConfig, type VIBForward } from "./vib";
export { vibObjective, bottleneckEstimate, encodeRows, type BottleneckEstimate } from "./objective";
export { principalComponents, projectOnto, anomalies, type PrincipalComponents } from "./pca";
export { absCosine, linearDirection, ringAngle, circularCorrelation } from "./alignment";
export { wilsonInterval, exceedance, ringMaxima, normalUpperTail, Z95, type Frequency } from "./tails";
