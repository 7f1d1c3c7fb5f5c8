// Kept for older imports: the fixture pairs' remembered settings now live
// with the other scenarios both browsers run (scenarios.mjs).
export { HOST_KEY, hostSettings } from './scenarios.mjs';
