#!/usr/bin/perl
# Spark Control simulator: relays one shim call (node, cwd, argv, stdin) to the in-process
# SimCommandServer over loopback and plays back its framed output. Uses perl-base modules only.
#
# Frames are <type:1 byte><length:4 bytes big-endian><payload>.
#   client -> server: N node, D cwd, A argv element (first is the program), V env "K=V", H end of header,
#                     then, only when the server answers S: I stdin chunk ..., Z end of stdin
#   server -> client: S send stdin | G go; then O stdout chunk, E stderr chunk, X exit code
use strict;
use warnings;
use IO::Socket::INET;
use Cwd ();

my $port = $ENV{SIM_PORT};
if (!$port) { print STDERR "sim-client: SIM_PORT is not set\n"; exit 255; }

my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp');
if (!$sock) { print STDERR "sim-client: cannot reach the simulator on port $port: $!\n"; exit 255; }
binmode $sock;
binmode STDIN;
binmode STDOUT;
binmode STDERR;

sub write_all {
    my ($fh, $buf) = @_;
    my $off = 0;
    while ($off < length $buf) {
        my $n = syswrite($fh, $buf, length($buf) - $off, $off);
        return 0 unless defined $n;
        $off += $n;
    }
    return 1;
}

sub send_frame {
    my ($type, $data) = @_;
    $data = '' unless defined $data;
    write_all($sock, $type . pack('N', length $data) . $data) or exit 255;
}

sub read_exact {
    my ($len) = @_;
    my $buf = '';
    while (length $buf < $len) {
        my $n = sysread($sock, $buf, $len - length $buf, length $buf);
        return undef unless $n;
    }
    return $buf;
}

send_frame('N', defined $ENV{SIM_NODE} ? $ENV{SIM_NODE} : '');
my $cwd = Cwd::getcwd();
send_frame('D', defined $cwd ? $cwd : '/');
send_frame('A', $_) for @ARGV;
for my $name (qw(SIM_ARGV0 HF_TOKEN HF_HOME LOCAL_IP VLLM_SPARK_EXTRA_DOCKER_ARGS)) {
    send_frame('V', "$name=$ENV{$name}") if defined $ENV{$name};
}
send_frame('H', '');

while (1) {
    my $header = read_exact(5);
    if (!defined $header) {
        print STDERR "sim-client: the simulator closed the connection\n";
        exit 255;
    }
    my ($type, $len) = unpack('a1 N', $header);
    my $data = $len ? read_exact($len) : '';
    if (!defined $data) {
        print STDERR "sim-client: the simulator closed the connection\n";
        exit 255;
    }
    if ($type eq 'O') {
        write_all(\*STDOUT, $data) or exit 141;
    } elsif ($type eq 'E') {
        write_all(\*STDERR, $data);
    } elsif ($type eq 'S') {
        # stdin is read to EOF, unless it is a terminal (nothing would ever end it)
        if (!-t STDIN) {
            my $buf;
            while (1) {
                my $n = sysread(STDIN, $buf, 65536);
                last unless $n;
                send_frame('I', $buf);
            }
        }
        send_frame('Z', '');
    } elsif ($type eq 'X') {
        exit int($data);
    }
}
