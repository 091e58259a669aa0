/** Builds a dockerode client for an endpoint; reads TLS files only when the endpoint asks for them. */
import fs from 'node:fs';
import Docker from 'dockerode';
import { LayerLensError } from '../../shared/errors';
import type { EngineEndpoint } from './endpoint';

export function createDockerClient(endpoint: EngineEndpoint): Docker {
  switch (endpoint.protocol) {
    case 'unix':
      return new Docker({ socketPath: endpoint.socketPath });
    case 'ssh':
      return new Docker({ protocol: 'ssh', host: endpoint.host, port: endpoint.port, username: endpoint.username });
    case 'http':
    case 'https': {
      const options: Docker.DockerOptions = { protocol: endpoint.protocol, host: endpoint.host, port: endpoint.port };
      if (endpoint.tls) {
        try {
          options.ca = fs.readFileSync(endpoint.tls.caPath);
          options.cert = fs.readFileSync(endpoint.tls.certPath);
          options.key = fs.readFileSync(endpoint.tls.keyPath);
        } catch (error) {
          throw new LayerLensError(
            'DOCKER_HOST_INVALID',
            `TLS is on (DOCKER_TLS_VERIFY) but the certificates could not be read from ` +
              `${endpoint.tls.caPath.replace(/ca\.pem$/, '')}: set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem.`,
            String(error),
          );
        }
      }
      return new Docker(options);
    }
  }
}
