import { FileHelper } from '@start9labs/start-sdk'
import { installCommand } from '../authorizedKeys'
import { configYaml, configuredNodes } from '../fileModels/config.yaml'
import { sdk } from '../sdk'
import { publicKeySubpath } from '../utils'

// Read from the volume rather than from the running app, so the action also works while the service is stopped.
const publicKeyFile = FileHelper.string({
  base: sdk.volumes.main,
  subpath: publicKeySubpath,
})

export const showPublicKey = sdk.Action.withoutInput(
  'show-public-key',
  {
    name: 'Show Public Key',
    description:
      'The SSH public key Spark Control logs in to the Sparks with, and the command that installs it on each ' +
      'configured Spark.',
    warning: null,
    allowedStatuses: 'any',
    group: 'Setup',
    visibility: 'enabled',
  },
  async () => {
    const publicKey = (await publicKeyFile.read().once())?.trim().split('\n')[0]
    if (!publicKey) {
      throw new Error(
        'Spark Control creates its SSH key the first time it starts. Start the service, wait until it shows ' +
          'Running, then run this action again.',
      )
    }
    const keyMember = {
      type: 'single' as const,
      name: 'Public key',
      description: 'One line for ~/.ssh/authorized_keys on each Spark.',
      value: publicKey,
      copyable: true,
      qr: false,
      masked: false,
    }
    const nodes = configuredNodes(await configYaml.read().once())
    if (nodes.length === 0) {
      return {
        version: '1',
        title: 'SSH public key',
        message:
          'Run Configure Sparks first, then this action again for a ready-to-paste install command. Or add the key ' +
          'below to ~/.ssh/authorized_keys of the SSH user on each Spark yourself.',
        result: { type: 'group', value: [keyMember] },
      }
    }
    return {
      version: '1',
      title: 'Install the key on your Sparks',
      message:
        'Paste the command into a terminal on a computer that can already log in to the Sparks (it asks for each ' +
        "Spark's password once). Running it again changes nothing.",
      result: {
        type: 'group',
        value: [
          {
            type: 'single' as const,
            name: 'Install command',
            description: nodes.map((n) => `${n.user}@${n.host}`).join(', '),
            value: installCommand(publicKey, nodes),
            copyable: true,
            qr: false,
            masked: false,
          },
          keyMember,
        ],
      },
    }
  },
)
