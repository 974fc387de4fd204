import json, re, sys
SEED='/work/shared/seeds/004_4e95cd827a39929c.txt'
L=open(SEED,encoding='utf-8').read().split('\n')
OUT='/work/wt-t004b/examples/vpcp-cchc-2022/'
def line(n): return L[n-1]
def cells(n): return line(n).split('\t')
def q(s): return json.dumps(s, ensure_ascii=False)

# ---------- schema emission ----------
def col(id, label, type, number=None, group=None, words=None, key=False, total=None):
    return dict(id=id,label=label,type=type,number=number,group=group,words=words,key=key,total=total)
def emit_schema(tid, cols, total_row='none', title=None):
    o=[]
    if title: o.append(f'title: {q(title)}')
    o.append(f'total_row: {total_row}')
    o.append('columns:')
    for c in cols:
        parts=[f'id: {c["id"]}', f'label: {q(c["label"])}', f'type: {c["type"]}']
        if c['key']: parts.append('key: true')
        if c['number']: parts.append(f'number: {q(c["number"])}')
        if c['group']:
            g=c['group']
            parts.append('group: '+(q(g) if isinstance(g,str) else '['+', '.join(q(x) for x in g)+']'))
        if c['words']: parts.append('words: ['+', '.join(q(w) for w in c['words'])+']')
        if c['total']: parts.append(f'total: {c["total"]}')
        o.append('  - { '+', '.join(parts)+' }')
    open(OUT+f'content/tables/{tid}.yaml','w',encoding='utf-8').write('\n'.join(o)+'\n')

# ---------- cell emission ----------
NUM_TYPES={'integer','decimal','percent'}
def cv(v, ctype=None):
    if v is None: return '~'
    if isinstance(v,dict):
        if 'group' in v: raise Exception
        return '{ colspan: %d, value: %s }'%(v['colspan'], cv(v['value']))
    if isinstance(v,int): return str(v)
    v=v.strip()
    if v=='': return '~'
    return q(v)
def stt(v):
    v=v.strip()
    if v=='': return None
    if re.fullmatch(r'\d+',v) and not v.startswith('0'): return int(v)
    return v
def rowyaml(r):
    if isinstance(r,dict) and 'group' in r:
        s='{ group: %s'%q(r['group'])
        if r.get('level'): s+=', level: %d'%r['level']
        return s+' }'
    return '['+', '.join(cv(x) for x in r)+']'

TABLES={}   # id -> dict(rows, intro, notes, note)
ORDER=[]
def add_table(tid, rows, **kw):
    TABLES[tid]=dict(rows=rows, **kw); ORDER.append(tid)

def simple_rows(a,b,ncols,first_int=True):
    rows=[]
    for n in range(a,b+1):
        s=line(n)
        if not s.strip(): continue
        c=s.split('\t')
        assert len(c)==ncols, (n,len(c),c)
        r=[stt(c[0])]+c[1:]
        rows.append(r)
    return rows

# ================= PL5 =================
TINH='TỈNH, THÀNH PHỐ'; BO='BỘ, CƠ QUAN'
emit_schema('pl5_dvc_tinh',[
  col('stt','STT','integer','(1)'),
  col('tinh',TINH,'text','(2)',key=True),
  col('tong_tthc','Tổng TTHC của địa phương (Căn cứ trên CSDL quốc gia về TTHC tính đến ngày 23/8/2022)','integer','(3)'),
  col('so_dvc','Số lượng Dịch vụ công tích hợp lên Cổng DVC Quốc gia tính đến ngày 23/8/2022','integer','(4)'),
  col('ty_le','Tỷ lệ tích hợp lên Cổng dịch vụ công quốc gia (%)','decimal','(5)')])
add_table('pl5_dvc_tinh', simple_rows(533,597,5))
emit_schema('pl5_dvc_bo',[
  col('stt','STT','integer','(1)'),
  col('bo',BO,'text','(2)',key=True),
  col('tong_tthc','Tổng TTHC thuộc phạm vi giải quyết của Bộ, cơ quan (Căn cứ trên CSDL quốc gia về TTHC tính đến ngày 23/8/2022)','integer','(3)'),
  col('so_dvc','Số lượng DVC tích hợp lên Cổng DVC quốc gia','integer','(4)'),
  col('ty_le','Tỷ lệ tích hợp lên Cổng dịch vụ công quốc gia (%)','decimal','(5)')])
add_table('pl5_dvc_bo', simple_rows(603,623,5))

def tt_schema(tid, keylabel, keyid, l22, w21, w22, wp22=None):
    G1='NĂM 2021'; G2='8 THÁNG ĐẦU NĂM 2022'
    emit_schema(tid,[
      col('stt','STT','integer'),
      col(keyid,keylabel,'text',key=True),
      col('tong_2021','Tổng số giao dịch','integer',group=G1,words=w21),
      col('thanh_cong_2021','Giao dịch thành công','integer',group=G1),
      col('ty_le_2021','Tỷ lệ thành công (%)','percent',group=G1),
      col('tong_2022',l22[0],'integer',group=G2,words=w22),
      col('thanh_cong_2022',l22[1],'integer',group=G2),
      col('ty_le_2022',l22[2],'percent',group=G2,words=wp22)])
tt_schema('pl5_thanh_toan_phi_tinh',TINH,'tinh',['TỔNG SỐ GIAO DỊCH','GD THÀNH CÔNG','Tỷ lệ thành công (%)'],['Chưa thực hiện'],['Chưa thực hiện'],['Hồ sơ test'])
add_table('pl5_thanh_toan_phi_tinh', simple_rows(635,699,8))
tt_schema('pl5_thanh_toan_dat_tinh',TINH,'tinh',['Tổng số giao dịch','Giao dịch thành công','Tỷ lệ thành công (%)'],['Chưa thực hiện'],['Không phát sinh giao dịch'])
add_table('pl5_thanh_toan_dat_tinh', simple_rows(705,770,8))
tt_schema('pl5_thanh_toan_bo',BO,'bo',['Tổng số giao dịch','Giao dịch thành công','Tỷ lệ thành công (%)'],['Chưa thực hiện'],['Chưa thực hiện','Không phát sinh giao dịch'])
add_table('pl5_thanh_toan_bo', simple_rows(776,797,8))
emit_schema('pl5_chung_thuc',[
  col('stt','STT','integer','(1)'),
  col('tinh',TINH,'text','(2)',key=True),
  col('tong_so','Tổng số','integer','(3)'),
  col('hoan_thanh','Hoàn thành','integer','(4)'),
  col('ty_le','Tỷ lệ (%)','decimal','(5)')])
add_table('pl5_chung_thuc', simple_rows(803,868,5))
emit_schema('pl5_tien_do_tinh',[
  col('stt','STT','integer'),
  col('tinh','TÊN TỈNH, THÀNH PHỐ','text',key=True),
  col('dung_han_2021','Tỷ lệ hồ sơ xử lý đúng hạn, trong hạn (đơn vị: %)','decimal',group='NĂM 2021'),
  col('dung_han_2022','Tỷ lệ hồ sơ đúng hạn, trong hạn (đơn vị: %)','decimal',group='8 THÁNG ĐẦU NĂM 2022'),
  col('qua_han_2022','Tổng số hồ sơ đang xử lý quá hạn (đơn vị: Hồ sơ)','integer',group='8 THÁNG ĐẦU NĂM 2022')])
add_table('pl5_tien_do_tinh', simple_rows(878,943,5))
emit_schema('pl5_tien_do_bo',[
  col('stt','STT','integer'),
  col('bo','TÊN BỘ, CƠ QUAN','text',key=True),
  col('dung_han_2021','Tỷ lệ hồ sơ xử lý đúng hạn, trong hạn (%)','decimal',group='NĂM 2021'),
  col('dung_han_2022','Tỷ lệ hồ sơ đúng hạn, trong hạn (%)','decimal',group='8 THÁNG ĐẦU NĂM 2022'),
  col('qua_han_2022','Tổng số hồ sơ đang xử lý quá hạn','integer',group='8 THÁNG ĐẦU NĂM 2022')])
add_table('pl5_tien_do_bo', simple_rows(949,970,5))

# ================= PL6 I =================
G6=[('gui_nhan','Số đơn vị gửi, nhận văn bản điện tử/tổng số đơn vị'),
    ('xu_ly','Số lượng đơn vị xử lý hồ sơ công việc trên môi trường điện tử/tổng số đơn vị'),
    ('cks_lanh_dao','Số lượng chữ ký số cấp cho Lãnh đạo'),
    ('cks_co_quan','Số lượng chữ ký số cấp cho cơ quan, tổ chức'),
    ('ty_le_cks','Tỷ lệ sử dụng chữ ký số cá nhân trong gửi, nhận văn bản và xử lý công việc'),
    ('vb_khong_giay','Số lượng văn bản điện tử gửi không kèm bản giấy/tổng số văn bản gửi'),
    ('vb_ngoai','Số lượng văn bản điện tử gửi nhận bên ngoài Bộ, ngành, địa phương (Gửi:SL, Nhận: SL)'),
    ('vb_noi_bo','Số lượng văn bản điện tử gửi nhận nội bộ (Gửi:SL, Nhận: SL)'),
    ('ho_so','Số lượng hồ sơ xử lý trên môi trường điện tử')]
cols=[col('stt','STT','integer','(1)'), col('co_quan','Cơ quan, đơn vị','text','(2)',key=True)]
k=3
for gid,gl in G6:
    for y in ('2021','2022'):
        cols.append(col(f'{gid}_{y}',y,'text',f'({k})',group=gl)); k+=1
emit_schema('pl6_van_ban',cols)

def norm20(c):
    c=list(c)
    while len(c)>20 and c[-1].strip()=='' : c.pop()
    assert len(c)==20,(c)
    return c
rows=[]; prev=None
# continuation lines: line -> (parent line, shift map function)
CONT={992:990,1014:1012,1025:1023,1035:1033,1047:1045,1096:1092,1108:1106,1120:1118,1134:1132,1159:1157,1171:1169,1184:1182,1208:1206,1220:1218,1231:1229}
SHIFT={1025:lambda i: i-1 if i>=13 else i, 1231:lambda i: i-1 if i>=17 else i, 1184:lambda i: i-1 if i>=11 else i}
raw={}
order=[]
for n in range(984,1242):
    s=line(n)
    if not s.strip() or n==1094: continue
    c=s.split('\t')
    if n in CONT:
        p=CONT[n]; f=SHIFT.get(n,lambda i:i)
        for i,x in enumerate(c):
            if x.strip():
                j=f(i)
                base=raw[p][j]
                raw[p][j]=(base+' '+x.strip()) if base.strip() else x.strip()
        continue
    if n in (1182,1185): raw[n]=c
    else: raw[n]=norm20(c)
    order.append(n)
for n in order:
    c=raw[n]
    if c[0].strip() in ('I','II'):
        assert all(not x.strip() for x in c[2:])
        rows.append({'group': c[0].strip()+'. '+c[1].strip()}); continue
    r=[stt(c[0]) if c[0].strip() else None, c[1]]
    rest=c[2:]
    if n in (1015,1018,1038):
        assert all(not x.strip() for x in rest[1:])
        r.append({'colspan':18,'value':rest[0]})
    elif n==1169:
        assert all(not x.strip() for x in c[13:])
        r+=c[2:12]+[{'colspan':8,'value':c[12]}]
    elif n==1182:
        r+=c[2:6]+[{'colspan':4,'value':c[6]}]+c[7:17]
    elif n==1185:
        assert not c[6].strip()
        r+=c[2:6]+['','','','']+c[7:17]
    else:
        r+=rest
    r=[x.replace(' ¹','[^1]') if isinstance(x,str) else x for x in r]
    rows.append(r)
add_table('pl6_van_ban', rows,
  note='Ghi chú:\n\n- Xử lý công việc trên môi trường điện tử: Việc xử lý văn bản, hồ sơ được thực hiện hoàn toàn trên môi trường điện tử, theo một quy trình khép kín từ khâu tiếp nhận văn bản; phân văn bản; tạo hồ sơ, phiếu trình; trình các cấp lãnh đạo; ký số cá nhân trên văn bản điện tử và phát hành văn bản điện tử.',
  notes=[('1', line(1094)[1:].strip())])

# ================= PL6 II =================
emit_schema('pl6_theo_doi',[
  col('stt','STT','integer','(1)'),
  col('co_quan','Cơ quan, đơn vị','text','(2)',key=True),
  col('xay_dung','Xây dựng và đưa vào vận hành Phân hệ theo dõi nhiệm vụ Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Ủy ban nhân dân và Chủ tịch Ủy ban nhân dân cấp tỉnh giao theo Nghị quyết 76/NQ-CP ngày 15/7/2021 (Đã xây dựng, Chưa xây dựng, đang xây dựng)','text','(3)'),
  col('so_don_vi','Số lượng đơn vị sử dụng phân hệ theo dõi nhiệm vụ (Nếu đã triển khai)','text','(4)'),
  col('cap','Cấp thực hiện (Bộ, ngành: Cấp Tổng Cục, Vụ, Cục và tương đương; cấp phòng, Ban và tương đương... Địa phương: Cấp sở, ngành, quận huyện; cấp xã...)','text','(5)')])
rows=[]
for n in range(1251,1343):
    s=line(n)
    if not s.strip(): continue
    c=s.split('\t'); assert len(c)==5,(n,c)
    if n==1309:
        rows[-1][4]=rows[-1][4]+' '+c[4].strip(); continue
    if c[0] in ('I','II'):
        rows.append({'group':c[0]+'. '+c[1]}); continue
    rows.append([stt(c[0])]+c[1:])
add_table('pl6_theo_doi', rows, note='Ghi chú: Phân hệ theo dõi nhiệm vụ Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Ủy ban nhân dân và Chủ tịch Ủy ban nhân dân cấp tỉnh được xây dựng tập trung cho từng bộ, ngành, cơ quan. Theo Nghị quyết 76/NQ-CP ngày 15/7/2021 đến năm 2025, 100% bộ, ngành, địa phương phải hoàn thành phân hệ này.')
assert line(1344).startswith('Ghi chú: Phân hệ')

# ================= PL6 III =================
def truc_schema(tid,keyid,keylabel):
    G1='2022 (Đến 28/7/2022)'; G2='2021'
    emit_schema(tid,[col('stt','STT','integer'),col(keyid,keylabel,'text',key=True),
      col('nhan_2022','Nhận','integer',group=G1),col('gui_2022','Gửi','integer',group=G1),
      col('nhan_2021','Nhận','integer',group=G2),col('gui_2021','Gửi','integer',group=G2)])
truc_schema('pl6_truc_bo','co_quan','Tên Cơ quan, Bộ/Ngành')
add_table('pl6_truc_bo', simple_rows(1352,1395,6))
truc_schema('pl6_truc_tinh','tinh','Tên tỉnh/TP')
add_table('pl6_truc_tinh', simple_rows(1401,1465,6))

# ================= PL7 =================
G71='Chế độ báo cáo (CĐBC) định kỳ thuộc phạm vi quản lý'
G72='Kết quả triển khai HTTTBC của B, CQ, ĐP và tích hợp, cung cấp trên HTTTBC Chính phủ'
emit_schema('pl7_httbc',[
  col('stt','STT','integer','(1)'),
  col('ten','Tên bộ, cơ quan, địa phương (B, CQ, ĐP)','text','(2)',key=True),
  col('tong','Tổng số CĐBC','integer','(3) = (4) + (5)',group=G71,words=['-']),
  col('gui_cp','CĐBC gửi TTgCP, CP, UBTVQH, QH...','integer','(4)',group=G71,words=['-']),
  col('phuc_vu','CĐBC phục vụ chỉ đạo, điều hành của B, CQ, ĐP','integer','(5)',group=G71,words=['-']),
  col('da_trien_khai','Tổng số CĐBC đã triển khai trên HTTTBC B, CQ, ĐP','integer','(6) < hoặc = (3)',group=G72,words=['-']),
  col('da_tich_hop','Số CĐBC gửi TTgCP, CP, UBTVQH, QH... đã tích hợp, cung cấp trên HTTTBCCP','text','(7) < hoặc = (4)',group=G72),
  col('dia_chi','Địa chỉ truy cập HTTTBC của B, CQ, ĐP','text','(8)')])
HDR7=('ST T\t','\tTổng số CĐBC','(1)\t(2)\t(3)')
rows=[]; rowline={}
SUP={'¹':'1','²':'2','³':'3','⁴':'4','⁵':'5','⁶':'6'}
def fn(x):
    for k,v in SUP.items(): x=x.replace(' '+k+' ',f'[^{v}]').replace(' '+k,f'[^{v}]')
    return x
for n in range(1474,1600):
    s=line(n)
    if not s.strip() or s[0] in '¹²³⁴⁵⁶': continue
    c=s.split('\t'); assert len(c)==8,(n,c)
    if c[0] in ('ST T','(1)') or c[2]=='Tổng số CĐBC': continue
    if n==1492: rows[-1][1]+=' '+c[1]; continue
    if n in (1530,1588):
        rows[-1][6]+=' '+c[6]; continue
    if c[0] in ('I','II'):
        rows.append({'group':c[0]+'. '+c[1]}); continue
    r=[stt(c[0])]+[fn(x) for x in c[1:]]
    if n in (1524,1580):
        assert all(not x.strip() for x in c[3:])
        r=r[:2]+[{'colspan':6,'value':c[2]}]
    rows.append(r)
add_table('pl7_httbc', rows, notes=[(m,line(n)[1:].strip()) for m,n in (('2',1487),('3',1504),('4',1506),('5',1508),('6',1547))])

# ================= PL8 =================
emit_schema('pl8_chi_tieu',[
  col('stt','STT','integer'),col('ten','Tên chỉ tiêu','text',key=True),col('don_vi','Đơn vị tính','text'),
  col('ky','Kỳ báo cáo','text'),col('co_quan','Cơ quan chủ trì báo cáo','text'),
  col('da_cung_cap','Đã cung cấp (ít nhất 01 kỳ)','text'),col('ghi_chu','Ghi chú','text')])
rows=[]
for n in range(1615,1839):
    s=line(n)
    if not s.strip() or s.startswith('STT\tTên chỉ tiêu'): continue
    c=s.split('\t'); assert len(c)==7,(n,c)
    if n in (1664,1769):
        for i in range(7):
            if c[i].strip(): rows[-1][i]+=' '+c[i].strip()
        continue
    c=[x.replace('m ² /người','m²/người').replace('m ²','m²') for x in c]
    rows.append([stt(c[0])]+c[1:])
PL8_I_INTRO=('- Tổng số chỉ tiêu cần cung cấp theo QĐ 293/QĐ-TTg: 200\n\n- Số chỉ tiêu đã cung cấp: 167/200\n\n- Số chỉ tiêu chưa được cung cấp: 33/200, trong đó: 32 chỉ tiêu thống kê quốc gia dự kiến Văn phòng Chính phủ sẽ lấy từ Tổng Cục thống kê, còn lại 01 chỉ tiêu của Bộ Công an.')
add_table('pl8_chi_tieu', rows)
emit_schema('pl8_thong_tin',[
  col('tt','TT','integer'),col('thong_tin','THÔNG TIN, DỮ LIỆU','text',key=True),
  col('tan_suat','TẦN SUẤT','text'),col('co_quan','BỘ, CƠ QUAN CUNG CẤP','text')])
rows=[]
for n in range(1843,1884):
    s=line(n)
    if not s.strip() or s.startswith('TT\tTHÔNG TIN'): continue
    c=s.split('\t'); assert len(c)==4
    rows.append([stt(c[0])]+c[1:])
add_table('pl8_thong_tin', rows)
emit_schema('pl8_dia_phuong',[
  col('stt','STT','integer'),col('tinh','Tên tỉnh, thành phố','text',key=True),
  col('chi_tieu_ktxh','Số liệu 8 chỉ tiêu KTXH (6 tháng đầu năm 2022)','text'),
  col('nien_giam','Số liệu về Niên giám thống kê của tỉnh, thành phố (Từ 2016-2020)','text'),
  col('gioi_thieu','Thông tin về giới thiệu tỉnh, thành phố','text')])
rows=[]
for n in range(1894,1965):
    s=line(n)
    if not s.strip(): continue
    c=s.split('\t'); assert len(c)==5
    if c[0] in ('I','II','III','IV','V','VI'):
        assert not ''.join(c[2:]).strip()
        rows.append({'group':c[0]+'. '+c[1]}); continue
    rows.append([stt(c[0])]+c[1:])
PL8_III_INTRO=('(1) Về cung cấp số liệu 8 chỉ tiêu kinh tế - xã hội: Có 59/63: tỉnh, thành phố cung cấp đủ (thiếu: Lào Cai, Tuyên Quang, Yên Bái, Lai Châu);\n\n(2) Niên giám thống kê của tỉnh, thành phố: Có 11/63: tỉnh, thành phố cung cấp đủ; Có 26/63: tỉnh, thành phố chưa cung cấp đủ; Có 26/63: tỉnh, thành phố chưa cung cấp;\n\n(3) Thông tin giới thiệu tỉnh, thành phố: Có 43/63: tỉnh, thành phố cung cấp đủ; Có 20/63: tỉnh, thành phố chưa cung cấp.')
add_table('pl8_dia_phuong', rows)

# ---------- write tables part ----------
def block(key, text, ind):
    pad=' '*ind
    return [f'{pad}{key}: |']+[(pad+'  '+l) if l else '' for l in text.split('\n')]
o=[]
for tid in ORDER:
    t=TABLES[tid]
    o.append(f'  {tid}:')
    if t.get('intro'): o+=block('intro',t['intro'],4)
    o.append('    rows:')
    for r in t['rows']: o.append('      - '+rowyaml(r))
    if t.get('note'): o+=block('note',t['note'],4)
    if t.get('notes'):
        o.append('    notes:')
        for m,tx in t['notes']: o.append(f'      - {{ mark: {q(m)}, text: {q(tx)} }}')
open(OUT+'parts/tables-5-8.yaml','w',encoding='utf-8').write('\n'.join(o)+'\n')
for tid in ORDER:
    t=TABLES[tid]; print(tid, sum(1 for r in t['rows'] if not (isinstance(r,dict) and 'group' in r)), 'data rows;', sum(1 for r in t['rows'] if isinstance(r,dict) and 'group' in r),'groups')
