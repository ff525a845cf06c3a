import { setupManifest } from '@start9labs/start-sdk'

// Placeholder until the repository is published; StartOS shows it as the package's source link.
const projectUrl = 'https://example.com/spark-control'

export const manifest = setupManifest({
  id: 'spark-control',
  title: 'Spark Control',
  license: 'UNLICENSED',
  packageRepo: projectUrl,
  upstreamRepo: projectUrl,
  marketingUrl: projectUrl,
  donationUrl: null,
  description: {
    short: {
      en_US:
        'Dashboard and OpenAI-compatible gateway for a DGX Spark vLLM cluster',
    },
    long: {
      en_US:
        'Spark Control drives a small NVIDIA DGX Spark cluster over SSH: it shows and swaps the loaded LLM, ' +
        'downloads weights, installs the Parakeet, Kokoro and embedding services, and watches hardware and health. ' +
        'LAN apps get one OpenAI-compatible base URL (/v1) for chat, speech, transcription and embeddings. ' +
        'It runs no models itself; the GPU work happens on the Sparks.',
    },
  },
  volumes: ['main'],
  images: {
    // The Dockerfile sits beside this package's Makefile; its build context is the Spark Control
    // project root one level up (mvnw, pom.xml, src/). Paths are relative to the package root.
    main: {
      source: { dockerBuild: { workdir: '..', dockerfile: './Dockerfile' } },
      arch: ['x86_64', 'aarch64'],
    },
  },
  dependencies: {},
})
